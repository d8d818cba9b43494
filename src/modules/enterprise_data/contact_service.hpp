// Enterprise contacts with sensitive fields (phone, 身份证号 of the legal representative, bank
// account) stored SM4-encrypted at rest and shown masked; revealing a field needs its own permission
// and is written to the audit log.
#pragma once

#include <optional>
#include <string>

#include "core/principal.hpp"
#include "modules/audit/audit.hpp"
#include "platform/crypto/gm_crypto.hpp"
#include "platform/storage/db.hpp"

namespace zx {

struct Contact {
    std::string contact_name;
    std::string phone;         // 11-digit mainland mobile number
    std::string id_number;     // 18-character resident ID (GB 11643 check character)
    std::string bank_account;  // 12–30 digits
};

// A partial change: a field absent (nullopt) stays as stored; an empty string clears it.
struct ContactPatch {
    std::optional<std::string> contact_name, phone, id_number, bank_account;
};

std::string mask_phone(std::string_view phone);        // 138****5678
std::string mask_id_number(std::string_view id);       // 4501**********1234
std::string mask_bank_account(std::string_view acct);  // **** **** 1234
bool valid_id_number(std::string_view id);             // GB 11643-1999 check character

class ContactService {
  public:
    ContactService(db::Database& db, const gm::FieldCipher& cipher) : db_(db), cipher_(cipher) {}
    // Masked values (empty when none recorded). NotFound outside the scope.
    Result<Contact> get_masked(const Principal& who, const std::string& uscc);
    // Replaces the whole contact (an empty field is none). Audited as contact.update.
    Status set(const Principal& who, const RequestContext& ctx, const std::string& uscc, const Contact& c);
    // Changes the fields `patch` gives and keeps the others. Audited as contact.patch (masked).
    Status update(const Principal& who, const RequestContext& ctx, const std::string& uscc, const ContactPatch& patch);
    // field: "phone" | "id_number" | "bank_account". Audited as contact.reveal.
    Result<std::string> reveal(const Principal& who, const RequestContext& ctx, const std::string& uscc,
                               const std::string& field);

  private:
    Status check_scope(db::Connection& c, const Principal& who, const std::string& uscc);
    db::Database& db_;
    const gm::FieldCipher& cipher_;
};

}  // namespace zx
