#include "modules/enterprise_data/demo_data_writer.hpp"

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "core/region.hpp"

namespace zx {
namespace {

// One output file written through a large buffer of our own (the full data set is ~1 KB per enterprise,
// so per-field stdio or iostream calls would dominate). Removes its temporary unless committed.
class CsvFile {
  public:
    explicit CsvFile(std::filesystem::path final_path)
        : final_(std::move(final_path)), temp_(final_.string() + ".tmp"), buf_(kBufferBytes) {}
    CsvFile(const CsvFile&) = delete;
    CsvFile& operator=(const CsvFile&) = delete;
    ~CsvFile() { discard(); }

    Status open() {
        file_ = std::fopen(temp_.string().c_str(), "wb");
        if (!file_) return error({"无法创建", "cannot create"});
        return Status::ok();
    }
    // Space for at least `n` bytes (n <= kRowMax) at the write position; write, then call advance().
    char* room(std::size_t n) {
        if (kBufferBytes - used_ < n) drain();
        return buf_.data() + used_;
    }
    void advance(const char* end) { used_ = static_cast<std::size_t>(end - buf_.data()); }
    void append(std::string_view s) {
        char* p = room(s.size());
        std::memcpy(p, s.data(), s.size());
        advance(p + s.size());
    }
    bool failed() const { return errno_ != 0; }
    // The first write error, naming the file.
    Status status() const { return failed() ? error({"无法写入", "cannot write"}, errno_) : Status::ok(); }

    // Writes what is buffered and closes the file.
    Status close() {
        drain();
        if (file_ && std::fclose(file_) != 0 && errno_ == 0) errno_ = errno;
        file_ = nullptr;
        return status();
    }
    Status commit() {
        std::error_code ec;
        std::filesystem::rename(temp_, final_, ec);
        if (ec)
            return Status::io_error(
                {"无法将 " + temp_.string() + " 重命名为 " + final_.string() + "：" + ec.message(),
                 "cannot rename " + temp_.string() + " to " + final_.string() + ": " + ec.message()});
        committed_ = true;
        return Status::ok();
    }
    void discard() {
        if (file_) std::fclose(file_);
        file_ = nullptr;
        if (!committed_) {
            std::error_code ignored;
            std::filesystem::remove(temp_, ignored);
        }
    }

    static constexpr std::size_t kRowMax = 4096;  // longer than any row we write

  private:
    static constexpr std::size_t kBufferBytes = std::size_t{4} << 20;

    void drain() {
        if (used_ > 0 && file_ && errno_ == 0 && std::fwrite(buf_.data(), 1, used_, file_) != used_)
            errno_ = errno != 0 ? errno : EIO;
        used_ = 0;
    }
    Status error(const Text& what, int err = errno) const {
        const std::string why = std::strerror(err);
        return Status::io_error(
            {what.zh + " " + temp_.string() + "：" + why, what.en + " " + temp_.string() + ": " + why});
    }

    std::filesystem::path final_;
    std::filesystem::path temp_;
    std::vector<char> buf_;
    std::size_t used_ = 0;
    std::FILE* file_ = nullptr;
    int errno_ = 0;
    bool committed_ = false;
};

char* put(char* p, std::string_view s) {
    std::memcpy(p, s.data(), s.size());
    return p + s.size();
}
char* put_digits(char* p, int value, int width) {
    for (int i = width - 1; i >= 0; --i, value /= 10) p[i] = static_cast<char>('0' + value % 10);
    return p + width;
}
// "1234567.89": whole yuan and exactly two decimals (outputs are never negative).
char* put_yuan(char* p, std::int64_t fen) {
    p = std::to_chars(p, p + 20, fen / 100).ptr;
    *p++ = '.';
    return put_digits(p, static_cast<int>(fen % 100), 2);
}
char* put_month(char* p, YearMonth m) {
    p = put_digits(p, m.year(), 4);
    *p++ = '-';
    return put_digits(p, m.month(), 2);
}
char* put_date(char* p, Date d) {
    p = put_digits(p, d.year(), 4);
    *p++ = '-';
    p = put_digits(p, d.month(), 2);
    *p++ = '-';
    return put_digits(p, d.day(), 2);
}
// RFC 4180 quoting, only when a field needs it (generated names never do).
char* put_field(char* p, std::string_view s) {
    if (s.find_first_of(",\"\r\n") == std::string_view::npos) return put(p, s);
    *p++ = '"';
    for (char c : s) {
        if (c == '"') *p++ = '"';
        *p++ = c;
    }
    *p++ = '"';
    return p;
}

void write_enterprise(CsvFile& f, const DemoEnterprise& e) {
    char* p = f.room(CsvFile::kRowMax);
    p = put(p, e.uscc);
    *p++ = ',';
    p = put_field(p, e.name);
    *p++ = ',';
    p = put(p, kCities[e.city]);
    *p++ = ',';
    p = put_digits(p, e.industry, 4);  // "0810": the class code keeps its leading zero
    *p++ = ',';
    if (e.scale_since) p = put_month(p, *e.scale_since);
    *p++ = '\n';
    f.advance(p);
}

void write_designations(CsvFile& f, const DemoEnterprise& e) {
    for (const DemoDesignation& d : e.designations) {
        char* p = f.room(CsvFile::kRowMax);
        p = put(p, e.uscc);
        *p++ = ',';
        p = put(p, kDesignationCodes[static_cast<std::size_t>(d.kind)]);
        *p++ = ',';
        p = put_date(p, d.valid_from);
        *p++ = ',';
        if (d.valid_to != kOpenEnd) p = put_date(p, d.valid_to);
        *p++ = '\n';
        f.advance(p);
    }
}

void write_output(CsvFile& f, const DemoEnterprise& e, MonthRange months) {
    for (std::size_t k = 0; k < e.present.size(); ++k) {
        if (!e.present[k]) continue;
        char* p = f.room(64);
        p = put(p, e.uscc);
        *p++ = ',';
        p = put_month(p, months.first + static_cast<int>(k));
        *p++ = ',';
        p = put_yuan(p, e.output_fen[k]);
        *p++ = '\n';
        f.advance(p);
    }
}

Status check_options(const DemoOptions& o) {
    if (o.enterprises > kDemoMaxEnterprises)
        return Status::invalid(
            {"至多 " + std::to_string(kDemoMaxEnterprises) + " 家演示企业能分配到互不相同的统一社会信用代码",
             "at most " + std::to_string(kDemoMaxEnterprises) + " demo enterprises can have unique USCCs"});
    if (o.months.length() < 1) return Status::invalid({"演示数据的月份范围为空", "the demo month range is empty"});
    return Status::ok();
}

}  // namespace

Status write_demo_data(const DemoOptions& options, const std::filesystem::path& dir,
                       const std::function<void(std::size_t done, std::size_t total)>& progress) {
    if (Status s = check_options(options); !s) return s;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
        return Status::io_error({"无法创建目录 " + dir.string() + "：" + ec.message(),
                                 "cannot create directory " + dir.string() + ": " + ec.message()});

    CsvFile enterprises(dir / "enterprises.csv"), designations(dir / "designations.csv"), output(dir / "output.csv");
    CsvFile* const files[] = {&enterprises, &designations, &output};
    for (CsvFile* f : files)
        if (Status s = f->open(); !s) return s;
    enterprises.append("uscc,name,city,industry,scale_since\n");
    designations.append("uscc,designation,valid_from,valid_to\n");
    output.append("uscc,month,output_yuan\n");

    constexpr std::size_t kProgressEvery = 4096;
    DemoGenerator gen(options);
    DemoEnterprise e;
    while (gen.next(e)) {
        write_enterprise(enterprises, e);
        write_designations(designations, e);
        write_output(output, e, options.months);
        if (gen.produced() % kProgressEvery == 0) {
            for (CsvFile* f : files)
                if (f->failed()) return f->status();  // e.g. a full disk: stop early
            if (progress) progress(gen.produced(), options.enterprises);
        }
    }
    for (CsvFile* f : files)
        if (Status s = f->close(); !s) return s;
    for (CsvFile* f : files)
        if (Status s = f->commit(); !s) return s;
    if (progress) progress(options.enterprises, options.enterprises);
    return Status::ok();
}

}  // namespace zx
