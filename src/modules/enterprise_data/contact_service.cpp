#include "modules/enterprise_data/contact_service.hpp"

#include "modules/enterprise_data/permissions.hpp"

#include <ctime>

#include "core/clock.hpp"

#include "core/json_text.hpp"
#include "platform/formats/text_output.hpp"
#include "platform/storage/scope_sql.hpp"

namespace zx {
namespace {

bool digits(std::string_view s) {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

std::string aad(const std::string& uscc, const char* field) {
    return "enterprise:" + uscc + ":" + field;
}

// Each field empty (none) or well-formed.
Status validate(const Contact& c) {
    if (c.contact_name.size() > 100)
        return Status::invalid({"contact_name：最多100字节", "contact_name: at most 100 bytes"});
    if (!c.phone.empty() && !(c.phone.size() == 11 && c.phone[0] == '1' && digits(c.phone)))
        return Status::invalid({"phone：须为11位手机号", "phone: an 11-digit mobile number"});
    if (!c.id_number.empty() && !valid_id_number(c.id_number))
        return Status::invalid({"id_number：须为18位身份证号，校验位须正确",
                                "id_number: an 18-character ID number with a valid check character"});
    if (!c.bank_account.empty() &&
        !(c.bank_account.size() >= 12 && c.bank_account.size() <= 30 && digits(c.bank_account)))
        return Status::invalid({"bank_account：须为12–30位数字", "bank_account: 12 to 30 digits"});
    return Status::ok();
}

}  // namespace

std::string mask_phone(std::string_view p) {
    if (p.size() < 7) return std::string(p.size(), '*');
    return std::string(p.substr(0, 3)) + std::string(p.size() - 7, '*') + std::string(p.substr(p.size() - 4));
}

std::string mask_id_number(std::string_view id) {
    if (id.size() < 8) return std::string(id.size(), '*');
    return std::string(id.substr(0, 4)) + std::string(id.size() - 8, '*') + std::string(id.substr(id.size() - 4));
}

std::string mask_bank_account(std::string_view a) {
    if (a.size() < 4) return std::string(a.size(), '*');
    return "**** **** " + std::string(a.substr(a.size() - 4));
}

bool valid_id_number(std::string_view id) {
    static constexpr int kW[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static constexpr char kCheck[] = "10X98765432";
    if (id.size() != 18 || !digits(id.substr(0, 17))) return false;
    int sum = 0;
    for (int i = 0; i < 17; ++i) sum += (id[static_cast<std::size_t>(i)] - '0') * kW[i];
    return kCheck[sum % 11] == id[17];
}

Status ContactService::check_scope(db::Connection& c, const Principal& who, const std::string& uscc) {
    std::vector<db::Value> p = {uscc};
    const std::string cond = enterprise_scope_condition(who.scope(), "city", "uscc", p);
    auto r = c.query("SELECT 1 FROM enterprises WHERE uscc = $1 AND " + cond, p);
    if (!r) return r.status();
    if (r->empty()) return Status::not_found({"企业不存在", "no such enterprise"});
    return Status::ok();
}

Result<Contact> ContactService::get_masked(const Principal& who, const std::string& uscc) {
    if (!who.can(perm::kContactRead))
        return Status::forbidden({"无权查看企业联系人", "not allowed to read enterprise contacts"});
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    if (auto s = check_scope(**lease, who, uscc); !s) return s;
    const db::Value p[] = {uscc};
    auto r = (*lease)->query(
        "SELECT contact_name, phone_enc, id_number_enc, bank_account_enc FROM enterprise_contacts WHERE uscc = $1", p);
    if (!r) return r.status();
    Contact c;
    if (r->empty()) return c;
    c.contact_name = r->rows[0].str(0);
    auto open = [&](std::size_t col, const char* field) -> Result<std::string> {
        const std::string sealed = r->rows[0].str(col);
        if (sealed.empty()) return std::string();
        return cipher_.decrypt(sealed, aad(uscc, field));
    };
    auto phone = open(1, "phone");
    auto id = open(2, "id_number");
    auto bank = open(3, "bank_account");
    if (!phone || !id || !bank)
        return Status::internal(
            {"企业 " + uscc + " 的联系人信息无法解密", "the contact of enterprise " + uscc + " does not decrypt"},
            "contact of " + uscc + " does not decrypt (field key changed?)");
    c.phone = mask_phone(*phone);
    c.id_number = mask_id_number(*id);
    c.bank_account = mask_bank_account(*bank);
    return c;
}

Status ContactService::set(const Principal& who, const RequestContext& ctx, const std::string& uscc, const Contact& c) {
    if (!who.can(perm::kContactWrite))
        return Status::forbidden({"无权修改企业联系人", "not allowed to change enterprise contacts"});
    if (auto s = validate(c); !s) return s;
    auto seal = [&](const std::string& v, const char* field) -> Result<std::string> {
        if (v.empty()) return std::string();
        return cipher_.encrypt(v, aad(uscc, field));
    };
    auto phone = seal(c.phone, "phone");
    auto id = seal(c.id_number, "id_number");
    auto bank = seal(c.bank_account, "bank_account");
    if (!phone || !id || !bank) return Status::internal({"加密失败", "encryption failed"});
    return db::in_transaction(db_, [&](db::Connection& conn) -> Status {
        if (auto s = check_scope(conn, who, uscc); !s) return s;
        const db::Value p[] = {uscc, c.contact_name, *phone, *id, *bank, who.user_id, unix_now()};
        auto r = conn.exec(
            "INSERT INTO enterprise_contacts (uscc, contact_name, phone_enc, id_number_enc, bank_account_enc, "
            "updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (uscc) DO UPDATE SET "
            "contact_name = excluded.contact_name, phone_enc = excluded.phone_enc, id_number_enc = "
            "excluded.id_number_enc, bank_account_enc = excluded.bank_account_enc, updated_by = "
            "excluded.updated_by, updated_at = excluded.updated_at",
            p);
        if (!r) return r.status();
        // The log keeps masked values only: it must not become a second copy of the secrets.
        std::string after = "{\"contact_name\":";
        append_json_string(after, c.contact_name);
        after += ",\"phone\":\"" + mask_phone(c.phone) + "\",\"id_number\":\"" + mask_id_number(c.id_number) +
                 "\",\"bank_account\":\"" + mask_bank_account(c.bank_account) + "\"}";
        return append_audit(conn, who, ctx, {"contact.update", "enterprise", uscc, "", after});
    });
}

Status ContactService::update(const Principal& who, const RequestContext& ctx, const std::string& uscc,
                              const ContactPatch& patch) {
    if (!who.can(perm::kContactWrite))
        return Status::forbidden({"无权修改企业联系人", "not allowed to change enterprise contacts"});
    // The fields given, checked as a whole contact would be (absent ones are checked as empty).
    const Contact given{patch.contact_name.value_or(""), patch.phone.value_or(""), patch.id_number.value_or(""),
                        patch.bank_account.value_or("")};
    if (auto s = validate(given); !s) return s;
    struct Field {
        const char* name;
        const char* column;
        const std::optional<std::string>* value;
    };
    const Field sealed_fields[] = {{"phone", "phone_enc", &patch.phone},
                                   {"id_number", "id_number_enc", &patch.id_number},
                                   {"bank_account", "bank_account_enc", &patch.bank_account}};
    return db::in_transaction(db_, [&](db::Connection& conn) -> Status {
        if (auto s = check_scope(conn, who, uscc); !s) return s;
        const db::Value k[] = {uscc};
        auto cur = conn.query(
            "SELECT contact_name, phone_enc, id_number_enc, bank_account_enc FROM enterprise_contacts WHERE uscc = $1",
            k);
        if (!cur) return cur.status();
        // What is not given stays as stored (sealed values are kept sealed, never decrypted here).
        std::string name = cur->empty() ? std::string() : cur->rows[0].str(0);
        if (patch.contact_name) name = *patch.contact_name;
        std::string sealed[3];
        std::string after = "{";
        if (patch.contact_name) {
            after += "\"contact_name\":";
            append_json_string(after, name);
        }
        for (std::size_t i = 0; i < 3; ++i) {
            const Field& f = sealed_fields[i];
            sealed[i] = cur->empty() ? std::string() : cur->rows[0].str(i + 1);
            if (!*f.value) continue;
            const std::string& v = **f.value;
            if (v.empty()) {
                sealed[i].clear();
            } else {
                auto enc = cipher_.encrypt(v, aad(uscc, f.name));
                if (!enc) return Status::internal({"加密失败", "encryption failed"});
                sealed[i] = *enc;
            }
            // The log keeps masked values only.
            const std::string masked = i == 0 ? mask_phone(v) : i == 1 ? mask_id_number(v) : mask_bank_account(v);
            after += std::string(after.size() > 1 ? "," : "") + "\"" + f.name + "\":\"" + masked + "\"";
        }
        after += "}";
        const db::Value p[] = {uscc, name, sealed[0], sealed[1], sealed[2], who.user_id, unix_now()};
        auto r = conn.exec(
            "INSERT INTO enterprise_contacts (uscc, contact_name, phone_enc, id_number_enc, bank_account_enc, "
            "updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (uscc) DO UPDATE SET "
            "contact_name = excluded.contact_name, phone_enc = excluded.phone_enc, id_number_enc = "
            "excluded.id_number_enc, bank_account_enc = excluded.bank_account_enc, updated_by = "
            "excluded.updated_by, updated_at = excluded.updated_at",
            p);
        if (!r) return r.status();
        return append_audit(conn, who, ctx, {"contact.patch", "enterprise", uscc, "", after});
    });
}

Result<std::string> ContactService::reveal(const Principal& who, const RequestContext& ctx, const std::string& uscc,
                                           const std::string& field) {
    if (!who.can(perm::kContactReveal)) return Status::forbidden({"无权查看完整信息", "not allowed to reveal"});
    const char* column = field == "phone"          ? "phone_enc"
                         : field == "id_number"    ? "id_number_enc"
                         : field == "bank_account" ? "bank_account_enc"
                                                   : nullptr;
    if (!column)
        return Status::invalid(
            {"field：须为 phone、id_number 或 bank_account", "field: phone | id_number | bank_account"});
    std::string plain;
    Status st = db::in_transaction(db_, [&](db::Connection& c) -> Status {
        if (auto s = check_scope(c, who, uscc); !s) return s;
        const db::Value p[] = {uscc};
        auto r = c.query(std::string("SELECT ") + column + " FROM enterprise_contacts WHERE uscc = $1", p);
        if (!r) return r.status();
        if (r->empty() || r->rows[0].str(0).empty()) return Status::not_found({"未登记", "not recorded"});
        auto v = cipher_.decrypt(r->rows[0].str(0), aad(uscc, field.c_str()));
        if (!v) return Status::internal({"联系人信息无法解密", "contact does not decrypt"});
        plain = *v;
        return append_audit(c, who, ctx, {"contact.reveal", "enterprise", uscc, "", "{\"field\":\"" + field + "\"}"});
    });
    if (!st) return st;
    return plain;
}

}  // namespace zx
