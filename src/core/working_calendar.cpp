#include "core/working_calendar.hpp"

#include "core/clock.hpp"

namespace zx {

// Howard Hinnant's days_from_civil / civil_from_days.
std::int64_t days_since_epoch(Date d) {
    std::int64_t y = d.year();
    const unsigned m = static_cast<unsigned>(d.month());
    const unsigned day = static_cast<unsigned>(d.day());
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

Date date_from_days(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return Date::of(static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d));
}

int weekday(Date d) {
    // 1970-01-01 was a Thursday (3).
    const std::int64_t w = (days_since_epoch(d) + 3) % 7;
    return static_cast<int>(w < 0 ? w + 7 : w);
}

Date beijing_date(std::int64_t unix_seconds) {
    const std::int64_t t = unix_seconds + kBeijingOffsetSeconds;
    return date_from_days(t >= 0 ? t / kSecondsPerDay : (t - kSecondsPerDay + 1) / kSecondsPerDay);
}

std::int64_t beijing_day_start(Date d) {
    return days_since_epoch(d) * kSecondsPerDay - kBeijingOffsetSeconds;
}

bool WorkingCalendar::covers(int year) const {
    for (const CalendarLayer& l : layers_)
        if (!l.years.contains(year)) return false;
    return true;
}

WorkingDayAnswer WorkingCalendar::working_day(Date d) const {
    WorkingDayAnswer a;
    const int wd = weekday(d);
    a.working = wd < 5;
    a.why = wd == 5 ? "周六" : wd == 6 ? "周日" : "工作日";
    for (const CalendarLayer& l : layers_) {
        // A layer's year file may name days just outside its year (元旦 from 12-31): look in both.
        for (int y : {d.year(), d.year() + 1, d.year() - 1}) {
            auto it = l.years.find(y);
            if (it == l.years.end()) continue;
            if (auto h = it->second.holidays.find(d); h != it->second.holidays.end()) {
                a.working = false;
                a.why = h->second + "（" + l.name + "）";
            } else if (auto w = it->second.working_days.find(d); w != it->second.working_days.end()) {
                a.working = true;
                a.why = w->second + "调休上班（" + l.name + "）";
            }
        }
    }
    a.provisional = !covers(d.year());
    return a;
}

AddWorkingDaysAnswer WorkingCalendar::add_working_days(Date from, int n) const {
    AddWorkingDaysAnswer a;
    std::int64_t day = days_since_epoch(from);
    a.date = from;
    for (int left = n; left > 0;) {
        a.date = date_from_days(++day);
        const WorkingDayAnswer w = working_day(a.date);
        if (w.provisional) a.missing_years.insert(a.date.year());
        if (w.working) --left;
    }
    a.provisional = !a.missing_years.empty();
    return a;
}

}  // namespace zx
