#include "modules/service_desk/rules/desk_rules.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "core/clock.hpp"

namespace zx::desk {
namespace {

constexpr std::array<std::pair<Party, std::string_view>, 6> kParties = {{
    {Party::kDesk, "desk"},
    {Party::kCity, "city"},
    {Party::kLead, "lead"},
    {Party::kReporter, "reporter"},
    {Party::kCommissioner, "commissioner"},
    {Party::kSystem, "system"},
}};

// A run of days no case clock needs to cross (about 27 years): a bound, not a rule.
constexpr int kMaxDays = 10000;

}  // namespace

std::optional<Party> parse_party(std::string_view code) {
    for (const auto& [p, c] : kParties)
        if (c == code) return p;
    return std::nullopt;
}

std::string_view party_code(Party p) {
    for (const auto& [q, c] : kParties)
        if (q == p) return c;
    return "";
}

bool ActionRule::allowed_from(std::string_view state) const {
    return std::find(from.begin(), from.end(), state) != from.end();
}

bool ActionRule::allowed_for(Party p) const {
    return std::find(by.begin(), by.end(), p) != by.end();
}

const ActionRule* Workflow::find(std::string_view name) const {
    for (const ActionRule& a : actions)
        if (a.name == name) return &a;
    return nullptr;
}

SlaLimit SlaPolicy::limit_for(std::string_view category, std::string_view urgency) const {
    for (const Override& o : overrides)
        if (o.category == category && o.urgency == urgency) return o.limit;
    return urgency == "urgent" ? urgent : normal;
}

const Category* Routing::category(std::string_view code) const {
    for (const Category& c : categories)
        if (c.code == code) return &c;
    return nullptr;
}

const RoutingRule* Routing::route(std::string_view cat, std::string_view city) const {
    for (const RoutingRule& r : rules) {
        if (r.category != cat) continue;
        if (r.cities.empty() || std::find(r.cities.begin(), r.cities.end(), city) != r.cities.end()) return &r;
    }
    return nullptr;
}

std::string_view clock_state_code(ClockState s) {
    switch (s) {
        case ClockState::kOk:
            return "ok";
        case ClockState::kWarning:
            return "warning";
        case ClockState::kBreached:
            return "breached";
        case ClockState::kMet:
            return "met";
        case ClockState::kMissed:
            return "missed";
    }
    return "ok";
}

std::int64_t working_seconds_between(std::int64_t from, std::int64_t to, const WorkingCalendar& cal,
                                     bool* provisional) {
    if (to <= from) return 0;
    std::int64_t total = 0;
    std::int64_t day = days_since_epoch(beijing_date(from));
    const std::int64_t last = days_since_epoch(beijing_date(to - 1));
    for (int guard = 0; day <= last && guard < kMaxDays; ++day, ++guard) {
        const Date d = date_from_days(day);
        const WorkingDayAnswer w = cal.working_day(d);
        if (provisional && w.provisional) *provisional = true;
        if (!w.working) continue;
        const std::int64_t start = beijing_day_start(d);
        total += std::min(to, start + kSecondsPerDay) - std::max(from, start);
    }
    return total;
}

std::int64_t advance_working_seconds(std::int64_t from, std::int64_t seconds, const WorkingCalendar& cal,
                                     bool* provisional) {
    if (seconds <= 0) return from;
    std::int64_t day = days_since_epoch(beijing_date(from));
    for (int guard = 0; guard < kMaxDays; ++day, ++guard) {
        const Date d = date_from_days(day);
        const WorkingDayAnswer w = cal.working_day(d);
        if (provisional && w.provisional) *provisional = true;
        if (!w.working) continue;
        const std::int64_t start = std::max(from, beijing_day_start(d));
        const std::int64_t available = beijing_day_start(d) + kSecondsPerDay - start;
        if (seconds <= available) return start + seconds;
        seconds -= available;
    }
    return from + seconds;
}

CaseClocks compute_clocks(std::int64_t created_at, const SlaLimit& limit, int warn_percent,
                          const std::vector<ClockEvent>& events, std::int64_t now, const WorkingCalendar& cal) {
    CaseClocks out;
    // Response: elapsed hours, the desk being open around the clock.
    ResponseClock& r = out.response;
    r.limit_hours = limit.response_hours;
    const std::int64_t response_limit = std::int64_t{limit.response_hours} * kSecondsPerHour;
    r.due = created_at + response_limit;
    r.warn_at = created_at + response_limit * warn_percent / 100;
    for (const ClockEvent& e : events)
        if (e.clock == "respond") {
            r.responded_at = e.at;
            break;
        }
    if (r.responded_at)
        r.state = *r.responded_at <= r.due ? ClockState::kMet : ClockState::kMissed;
    else if (now > r.due)
        r.state = ClockState::kBreached;
    else if (now >= r.warn_at)
        r.state = ClockState::kWarning;

    // Resolution: working days, paused while the case waits for the enterprise.
    ResolutionClock& s = out.resolution;
    s.limit_days = limit.resolution_days;
    for (const ClockEvent& e : events)
        if (e.extension_days > 0) s.extended_to = e.extension_days;
    const int days = s.extended_to.value_or(limit.resolution_days);
    const AddWorkingDaysAnswer last_day = cal.add_working_days(beijing_date(created_at), days);
    s.provisional = last_day.provisional;
    const std::int64_t initial_end = beijing_day_start(last_day.date) + kSecondsPerDay;
    s.budget_seconds = working_seconds_between(created_at, initial_end, cal, &s.provisional);

    bool running = true;
    std::int64_t from = created_at, used_before = 0;
    for (const ClockEvent& e : events) {
        const std::int64_t at = std::clamp(e.at, created_at, std::max(now, created_at));
        if (e.clock == "pause" || e.clock == "resolve") {
            if (running) s.used_seconds += working_seconds_between(from, at, cal, &s.provisional);
            running = false;
            if (e.clock == "resolve") s.resolved_at = at;
        } else if (e.clock == "resume" || e.clock == "reopen") {
            if (e.clock == "reopen") s.resolved_at.reset();
            if (!running && !s.resolved_at) {
                running = true;
                from = at;
                used_before = s.used_seconds;
            }
        }
    }
    if (running) s.used_seconds += working_seconds_between(from, now, cal, &s.provisional);
    s.paused = !running && !s.resolved_at;
    const std::int64_t warn_budget = (s.budget_seconds * warn_percent + 99) / 100;
    if (!s.paused) {
        s.due = advance_working_seconds(from, s.budget_seconds - used_before, cal, &s.provisional);
        s.warn_at = advance_working_seconds(from, warn_budget - used_before, cal, &s.provisional);
    }
    if (s.resolved_at)
        s.state = s.used_seconds <= s.budget_seconds ? ClockState::kMet : ClockState::kMissed;
    else if (s.used_seconds > s.budget_seconds)
        s.state = ClockState::kBreached;
    else if (s.used_seconds >= warn_budget)
        s.state = ClockState::kWarning;

    auto consider = [&out](std::int64_t t) {
        if (!out.next_change || t < *out.next_change) out.next_change = t;
    };
    if (!r.responded_at) {
        if (now < r.warn_at)
            consider(r.warn_at);
        else if (now <= r.due)
            consider(r.due + 1);
    }
    if (running && s.due && s.warn_at) {
        // The breach is the first working second past the budget: due + 1 when the due is followed
        // by working time, the next working day's first second when it ends a Friday or a holiday's eve.
        const std::int64_t breach_at = advance_working_seconds(from, s.budget_seconds - used_before + 1, cal);
        if (now < *s.warn_at)
            consider(*s.warn_at);
        else if (now < breach_at)
            consider(breach_at);
    }
    return out;
}

ClockState case_state(const CaseClocks& c, bool closed) {
    const ClockState r = c.response.state, s = c.resolution.state;
    if (closed) return r == ClockState::kMissed || s == ClockState::kMissed ? ClockState::kMissed : ClockState::kMet;
    if (r == ClockState::kBreached || r == ClockState::kMissed || s == ClockState::kBreached ||
        s == ClockState::kMissed)
        return ClockState::kBreached;
    if (r == ClockState::kWarning || s == ClockState::kWarning) return ClockState::kWarning;
    return ClockState::kOk;
}

}  // namespace zx::desk
