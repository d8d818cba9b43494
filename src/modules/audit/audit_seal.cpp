#include "modules/audit/audit_seal.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "platform/crypto/crypto.hpp"

namespace zx {
namespace {

constexpr const char* kKeyHeader = "zx-audit-key v1";
constexpr const char* kAnchorTag = "zx-audit-anchor v1";

std::string anchor_message(std::int64_t id, const std::string& hash, std::int64_t at) {
    return std::string(kAnchorTag) + " " + std::to_string(id) + " " + hash + " " + std::to_string(at);
}

Status io_error(const std::filesystem::path& file, const char* what_zh, const char* what_en) {
    return Status::io_error({file.string() + "：" + what_zh, file.string() + ": " + what_en});
}

// Writes `text` to `file` with mode 0600: created exclusively, or appended to.
Status write_private(const std::filesystem::path& file, const std::string& text, bool append) {
    const int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_EXCL);
    const int fd = ::open(file.c_str(), flags, 0600);
    if (fd < 0) return io_error(file, "无法写入", "cannot be written");
    const ssize_t n = ::write(fd, text.data(), text.size());
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    if (n != static_cast<ssize_t>(text.size()) || !synced) return io_error(file, "写入不完整", "write incomplete");
    return Status::ok();
}

}  // namespace

Result<AuditKeys> load_or_create_audit_keys(const std::filesystem::path& file) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) {
        auto kp = gm::Sm2KeyPair::generate();
        if (!kp) return kp.status();
        auto pem = kp->private_pem();
        if (!pem) return pem.status();
        if (!file.parent_path().empty()) std::filesystem::create_directories(file.parent_path(), ec);
        const std::string key = random_token(32);
        if (auto s = write_private(file, std::string(kKeyHeader) + "\n" + key + "\n" + *pem, false); !s) return s;
    }
    std::ifstream in(file);
    std::string header, key;
    if (!std::getline(in, header) || header != kKeyHeader || !std::getline(in, key) || key.size() < 32)
        return Status::invalid({file.string() + "：不是审计密钥文件", file.string() + ": not an audit key file"});
    std::stringstream pem;
    pem << in.rdbuf();
    auto kp = gm::Sm2KeyPair::from_pem(pem.str());
    if (!kp) return kp.status().with_context({file.string() + "：", file.string() + ": "});
    return AuditKeys{key, std::move(kp).value()};
}

Result<std::string> append_audit_anchor(db::Database& db, const gm::Sm2KeyPair& signer,
                                        const std::filesystem::path& file, std::int64_t now) {
    std::int64_t id = 0;
    std::string hash(64, '0');
    {
        auto lease = db.acquire();
        if (!lease) return lease.status();
        auto r = (*lease)->query("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
        if (!r) return r.status();
        if (!r->empty()) {
            id = r->rows[0].i64(0);
            hash = r->rows[0].str(1);
        }
    }
    const std::string message = anchor_message(id, hash, now);
    auto sig = signer.sign_hex(message);
    if (!sig) return sig.status();
    const std::string line = message + " " + *sig + "\n";
    if (auto s = write_private(file, line, true); !s) return s;
    return line;
}

Result<AnchorReport> verify_audit_anchors(db::Database& db, const gm::Sm2KeyPair& signer,
                                          const std::filesystem::path& file) {
    AnchorReport report;
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) return report;
    std::ifstream in(file);
    if (!in) return io_error(file, "无法读取", "cannot be read");
    auto lease = db.acquire();
    if (!lease) return lease.status();
    std::string text;
    for (int line = 1; std::getline(in, text); ++line) {
        if (text.empty()) continue;
        ++report.checked;
        std::istringstream fields(text);
        std::string tag, version, hash, sig;
        std::int64_t id = -1, at = 0;
        if (!(fields >> tag >> version >> id >> hash >> at >> sig) || tag + " " + version != kAnchorTag || id < 0) {
            report.failures.push_back({line, "malformed"});
            continue;
        }
        if (!signer.verify_hex(anchor_message(id, hash, at), sig)) {
            report.failures.push_back({line, "signature"});
            continue;
        }
        report.latest_id = std::max(report.latest_id, id);
        if (id == 0) continue;
        const db::Value p[] = {id};
        auto r = (*lease)->query("SELECT hash FROM audit_log WHERE id = $1", p);
        if (!r) return r.status();
        if (r->empty())
            report.failures.push_back({line, "missing_entry"});
        else if (r->rows[0].str(0) != hash)
            report.failures.push_back({line, "hash_mismatch"});
    }
    return report;
}

}  // namespace zx
