// Working days on China's real calendar: Monday to Friday, overridden by layers in order — the
// national holidays and 调休 working weekends of the State Council's yearly notice, then a region's
// (Guangxi's 壮族三月三), then a unit's. Each layer holds the years it was given; a question about a
// year some layer lacks is answered and marked provisional. Pure: the files are read elsewhere.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/calendar.hpp"

namespace zx {

// Days since 1970-01-01 (proleptic Gregorian) and back; Monday = 0 … Sunday = 6.
std::int64_t days_since_epoch(Date d);
Date date_from_days(std::int64_t days);
int weekday(Date d);
// The date in Beijing (UTC+8, no daylight saving) of a Unix time, and the Unix time its day begins.
Date beijing_date(std::int64_t unix_seconds);
std::int64_t beijing_day_start(Date d);

struct CalendarYear {
    int year = 0;
    std::string source;                        // the document it was taken from
    std::map<Date, std::string> holidays;      // date → the holiday's name
    std::map<Date, std::string> working_days;  // 调休 weekends worked → the holiday they belong to
};

struct CalendarLayer {
    std::string name;  // "national", "guangxi", a unit's name
    std::map<int, CalendarYear> years;
};

struct WorkingDayAnswer {
    bool working = false;
    bool provisional = false;  // a layer has no data for the year
    std::string why;           // "周六", "春节（national）", "调休上班（guangxi）", "工作日"
};

struct AddWorkingDaysAnswer {
    Date date;
    bool provisional = false;
    std::set<int> missing_years;  // years crossed that some layer lacks
};

class WorkingCalendar {
  public:
    WorkingCalendar() = default;
    explicit WorkingCalendar(std::vector<CalendarLayer> layers) : layers_(std::move(layers)) {}

    WorkingDayAnswer working_day(Date d) const;
    // The `n`-th working day after `from` (`from` itself never counts; n = 0 gives `from`).
    AddWorkingDaysAnswer add_working_days(Date from, int n) const;
    // Whether every layer holds `year`.
    bool covers(int year) const;
    const std::vector<CalendarLayer>& layers() const { return layers_; }

  private:
    std::vector<CalendarLayer> layers_;
};

}  // namespace zx
