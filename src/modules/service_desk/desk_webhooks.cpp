// Outbound webhooks: one URL per department, an outbox of deliveries written with the change that
// caused them (desk_internal::notify), sent signed and retried on the schedule of webhooks.toml.
#include "modules/service_desk/desk_service.hpp"
#include "modules/service_desk/permissions.hpp"
#include "modules/service_desk/webhook_signing.hpp"

#include <boost/url/parse.hpp>

#include "core/department.hpp"
#include "core/json_text.hpp"
#include "modules/audit/audit.hpp"
#include "modules/enterprise_data/list_filters.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/storage/page.hpp"
#include "platform/storage/query.hpp"

namespace zx {

Result<std::vector<Webhook>> DeskService::webhooks(const Principal& who) {
    if (!who.can(perm::kDeskWebhookRead))
        return Status::forbidden({"无权查看推送设置", "not allowed to read webhooks"});
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    std::vector<db::Value> p;
    std::string where = "1=1";
    if (who.role == Role::kDeptHandler) {
        p.emplace_back(who.department);
        where = "w.department = $1";
    }
    auto r = (*lease)->query(
        "SELECT w.id, w.department, w.url, w.enabled, w.updated_at, (SELECT COUNT(*) FROM desk_webhook_deliveries d "
        "WHERE d.webhook_id = w.id AND d.status = 'pending'), (SELECT COUNT(*) FROM desk_webhook_deliveries d WHERE "
        "d.webhook_id = w.id AND d.status = 'failed') FROM desk_webhooks w WHERE " +
            where + " ORDER BY w.department",
        p);
    if (!r) return r.status();
    std::vector<Webhook> out;
    for (const db::Row& row : r->rows) {
        Webhook w;
        w.id = row.i64(0);
        w.department = row.str(1);
        w.url = row.str(2);
        w.enabled = row.i64(3) != 0;
        w.updated_at = row.i64(4);
        w.pending = row.i64(5);
        w.failed = row.i64(6);
        out.push_back(std::move(w));
    }
    return out;
}

Result<Webhook> DeskService::set_webhook(const Principal& who, const RequestContext& ctx, const std::string& department,
                                         const std::string& url, bool enabled, bool rotate) {
    if (!who.can(perm::kDeskWebhookWrite)) return Status::forbidden({"无权设置推送", "not allowed to set webhooks"});
    const auto list = responsible_departments();
    const Department* d = list->find(department);
    if (!d) return Status::invalid({"department：须为责任单位名单中的单位", "department: one of the departments"});
    auto parsed = boost::urls::parse_absolute_uri(url);
    if (url.size() > 2000 || !parsed || (parsed->scheme() != "http" && parsed->scheme() != "https") ||
        parsed->host().empty())
        return Status::invalid(
            {"url：须为 http:// 或 https:// 开头的完整地址", "url: an absolute http:// or https:// URL"});
    Webhook w;
    w.department = d->name;
    w.url = url;
    w.enabled = enabled;
    w.updated_at = clock_.now();
    Status st = db::in_transaction(db_, [&](db::Connection& c) -> Status {
        const db::Value k[] = {d->name};
        auto found = c.query("SELECT id FROM desk_webhooks WHERE department = $1", k);
        if (!found) return found.status();
        const bool fresh = found->empty();
        if (fresh || rotate) w.secret = random_token_hex(32);
        if (fresh) {
            const db::Value p[] = {d->name, url, w.secret, std::int64_t{enabled ? 1 : 0}, w.updated_at};
            auto r = c.query(
                "INSERT INTO desk_webhooks (department, url, secret, enabled, updated_at) VALUES ($1, $2, $3, $4, $5) "
                "RETURNING id",
                p);
            if (!r) return r.status();
            w.id = r->rows.at(0).i64(0);
        } else {
            w.id = found->rows[0].i64(0);
            const db::Value p[] = {w.id, url, std::int64_t{enabled ? 1 : 0}, w.updated_at, w.secret};
            auto r = c.exec(
                "UPDATE desk_webhooks SET url = $2, enabled = $3, updated_at = $4, secret = CASE WHEN $5 = '' THEN "
                "secret ELSE $5 END WHERE id = $1",
                p);
            if (!r) return r.status();
        }
        std::string after = "{\"department\":";
        append_json_string(after, d->name);
        after += ",\"url\":";
        append_json_string(after, url);
        after += std::string(",\"enabled\":") + (enabled ? "true" : "false") +
                 ",\"secret_changed\":" + (w.secret.empty() ? "false" : "true") + "}";
        return append_audit(c, who, ctx, {"desk.webhook.set", "desk_webhook", std::to_string(w.id), "", after});
    });
    if (!st) return st;
    return w;
}

Result<Page<WebhookDelivery>> DeskService::deliveries(const Principal& who, const std::string& status,
                                                      const PageRequest& pr) {
    if (!who.can(perm::kDeskWebhookRead))
        return Status::forbidden({"无权查看推送记录", "not allowed to read deliveries"});
    if (auto s = check_filter("status", status, {"pending", "delivered", "failed"}); !s) return s;
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    db::Query q(
        "d.id, d.webhook_id, d.case_id, w.department, d.event, d.status, d.last_error, d.attempts, d.last_status, "
        "d.next_at, d.delivered_at, d.created_at",
        "desk_webhook_deliveries d JOIN desk_webhooks w ON w.id = d.webhook_id");
    if (who.role == Role::kDeptHandler) q.where("w.department = " + q.bind(who.department));
    q.where_if("d.status", "=", status);
    q.order_by("d.id DESC");
    return db::map_page<WebhookDelivery>(q.page(**lease, pr), [](const db::Row& r) {
        WebhookDelivery d;
        d.id = r.i64(0);
        d.webhook_id = r.i64(1);
        d.case_id = db::opt_i64(r, 2);
        d.department = r.str(3);
        d.event = r.str(4);
        d.status = r.str(5);
        d.last_error = r.str(6);
        d.attempts = static_cast<int>(r.i64(7));
        if (!r.is_null(8)) d.last_status = static_cast<int>(r.i64(8));
        d.next_at = db::opt_i64(r, 9);
        d.delivered_at = db::opt_i64(r, 10);
        d.created_at = r.i64(11);
        return d;
    });
}

Result<int> DeskService::deliver_webhooks(const WebhookSender& send, int limit) {
    if (!rules_) return 0;
    const std::int64_t now = clock_.now();
    struct Due {
        std::int64_t id;
        std::string event, payload, url, secret;
        int attempts;
    };
    std::vector<Due> due;
    {
        auto lease = db_.acquire();
        if (!lease) return lease.status();
        const db::Value p[] = {now};
        auto r = (*lease)->query(
            "SELECT d.id, d.event, d.payload, w.url, w.secret, d.attempts FROM desk_webhook_deliveries d JOIN "
            "desk_webhooks w ON w.id = d.webhook_id WHERE d.status = 'pending' AND d.next_at <= $1 AND w.enabled = 1 "
            "ORDER BY d.next_at, d.id LIMIT " +
                std::to_string(std::clamp(limit, 1, 1000)),
            p);
        if (!r) return r.status();
        for (const db::Row& row : r->rows)
            due.push_back({row.i64(0), row.str(1), row.str(2), row.str(3), row.str(4), static_cast<int>(row.i64(5))});
    }
    const std::int64_t lease_seconds = std::int64_t{rules_->webhook_timeout_seconds} + 60;
    int attempted = 0;
    for (const Due& d : due) {
        const std::int64_t at = clock_.now();
        // Claimed first, so that another instance sharing the database does not send it too; a claim
        // left by a crashed instance expires after the lease.
        {
            auto lease = db_.acquire();
            if (!lease) return lease.status();
            const db::Value cp[] = {d.id, at + lease_seconds, at};
            auto claimed = (*lease)->exec(
                "UPDATE desk_webhook_deliveries SET next_at = $2 WHERE id = $1 AND status = 'pending' AND next_at <= "
                "$3",
                cp);
            if (!claimed) return claimed.status();
            if (*claimed != 1) continue;
        }
        ++attempted;
        const std::vector<std::pair<std::string, std::string>> headers = {
            {"Content-Type", "application/json; charset=utf-8"},
            {"X-Zhenxing-Event", d.event},
            {"X-Zhenxing-Delivery", std::to_string(d.id)},
            {"X-Zhenxing-Timestamp", std::to_string(at)},
            {"X-Zhenxing-Signature", service_desk::webhook_signature(d.secret, at, d.payload)}};
        auto result = send(d.url, headers, d.payload);
        const int attempt = d.attempts + 1;
        const bool ok = result && *result >= 200 && *result < 300;
        std::string error;
        if (!result)
            error = result.status().text().en;
        else if (!ok)
            error = "HTTP " + std::to_string(*result);
        const auto delay = ok ? std::nullopt : service_desk::next_attempt_delay(rules_->webhook, attempt);
        const std::string status = ok ? "delivered" : (delay ? "pending" : "failed");
        const db::Value p[] = {d.id,
                               status,
                               std::int64_t{attempt},
                               delay ? db::Value(at + *delay) : db::null(),
                               result ? db::Value(std::int64_t{*result}) : db::null(),
                               error,
                               ok ? db::Value(at) : db::null()};
        auto lease = db_.acquire();
        if (!lease) return lease.status();
        auto w = (*lease)->exec(
            "UPDATE desk_webhook_deliveries SET status = $2, attempts = $3, next_at = $4, last_status = $5, last_error "
            "= $6, delivered_at = $7 WHERE id = $1",
            p);
        if (!w) return w.status();
    }
    return attempted;
}

}  // namespace zx
