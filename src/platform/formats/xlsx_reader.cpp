#include "platform/formats/xlsx_reader.hpp"

#include <charconv>
#include <cmath>
#include <memory>
#include <new>
#include <unordered_map>
#include <utility>

#include "core/calendar.hpp"
#include "platform/formats/xlsx_package.hpp"

namespace zx {
namespace {

using xlsx_internal::Archive;
using xlsx_internal::find_attr;
using xlsx_internal::locate_parts;
using xlsx_internal::open_archive;
using xlsx_internal::parse_part;

// Limits of Excel itself; anything beyond is a corrupt or hostile file, not a bigger workbook.
constexpr std::int64_t kMaxColumns = 16384;  // XFD
constexpr std::int64_t kMaxRows = 1048576;

std::string_view trim(std::string_view s) {
    constexpr std::string_view kSpace = " \t\r\n";
    auto first = s.find_first_not_of(kSpace);
    if (first == std::string_view::npos) return {};
    return s.substr(first, s.find_last_not_of(kSpace) - first + 1);
}

// Strict: the whole (trimmed) text must be a number. Exponents in either case are accepted.
bool parse_double(std::string_view text, double& value) {
    text = trim(text);
    if (text.empty()) return false;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size();
}

bool parse_int(std::string_view text, std::int64_t& value) {
    text = trim(text);
    if (text.empty()) return false;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size();
}

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// OOXML strings carry characters XML cannot hold (CR, control characters) as "_xHHHH_", and a
// literal "_x" as "_x005F_x". Surrogate escapes are left as written: they never encode text we use.
void decode_ooxml_escapes(std::string& s) {
    if (s.find("_x") == std::string::npos) return;
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        std::uint32_t cp = 0;
        if (s.compare(i, 2, "_x") == 0 && i + 7 <= s.size() && s[i + 6] == '_') {
            auto [end, ec] = std::from_chars(s.data() + i + 2, s.data() + i + 6, cp, 16);
            if (ec == std::errc() && end == s.data() + i + 6 && (cp < 0xD800 || cp > 0xDFFF)) {
                append_utf8(out, cp);
                i += 6;
                continue;
            }
        }
        out += s[i];
    }
    s = std::move(out);
}

// ---------------------------------------------------------------------------------------------
// Shared strings: each <si> is plain <t> or rich-text runs <r><t>, concatenated. Phonetic runs
// (<rPh>) are ruby annotations, not part of the text.

struct SharedStringsHandler {
    Text error;
    std::vector<std::string>& strings;
    std::string current;
    bool in_item = false;
    bool in_text = false;
    int phonetic_depth = 0;

    void start(std::string_view name, const XML_Char**) {
        if (name == "si") {
            in_item = true;
            current.clear();
        } else if (name == "rPh") {
            ++phonetic_depth;
        } else if (name == "t" && in_item && phonetic_depth == 0) {
            in_text = true;
        }
    }
    void end(std::string_view name) {
        if (name == "t") {
            in_text = false;
        } else if (name == "rPh") {
            --phonetic_depth;
        } else if (name == "si") {
            decode_ooxml_escapes(current);
            strings.push_back(std::move(current));
            current.clear();
            in_item = false;
        }
    }
    void text(std::string_view s) {
        if (in_text) current.append(s);
    }
};

// ---------------------------------------------------------------------------------------------
// Styles: which cell formats (cellXfs) carry a date or time number format.

// Built-in ids: 14-22 and 45-47 everywhere; 27-36 and 50-58 are the East Asian date formats
// (yyyy"年"m"月"d"日" and friends) that Chinese Excel and WPS write without a <numFmt> entry.
bool is_builtin_date_format(std::int64_t id) {
    return (id >= 14 && id <= 22) || (id >= 45 && id <= 47) || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

// A format code is a date when a y, m or d token appears outside quoted literals, [..] sections
// (colours, locales, elapsed-time brackets) and escaped characters ("\-", "_)", "*-").
bool is_date_format_code(std::string_view code) {
    for (std::size_t i = 0; i < code.size(); ++i) {
        switch (code[i]) {
            case '"': {
                auto close = code.find('"', i + 1);
                if (close == std::string_view::npos) return false;
                i = close;
                break;
            }
            case '[': {
                auto close = code.find(']', i + 1);
                if (close == std::string_view::npos) return false;
                i = close;
                break;
            }
            case '\\':
            case '_':
            case '*':
                ++i;
                break;
            case 'y':
            case 'Y':
            case 'm':
            case 'M':
            case 'd':
            case 'D':
                return true;
            default:
                break;
        }
    }
    return false;
}

struct StylesHandler {
    Text error;
    std::unordered_map<std::int64_t, std::string> custom_formats;
    std::vector<std::int64_t> xf_format_ids;
    bool in_num_fmts = false;  // <numFmt> also appears inside <dxfs>, with other meanings
    bool in_cell_xfs = false;  // <xf> also appears inside <cellStyleXfs>

    void start(std::string_view name, const XML_Char** atts) {
        if (name == "numFmts") {
            in_num_fmts = true;
        } else if (name == "cellXfs") {
            in_cell_xfs = true;
        } else if (name == "numFmt" && in_num_fmts) {
            const char* id = find_attr(atts, "numFmtId");
            const char* code = find_attr(atts, "formatCode");
            std::int64_t value = 0;
            if (id != nullptr && code != nullptr && parse_int(id, value)) custom_formats[value] = code;
        } else if (name == "xf" && in_cell_xfs) {
            const char* id = find_attr(atts, "numFmtId");
            std::int64_t value = 0;
            if (id == nullptr || !parse_int(id, value)) value = 0;  // only affects date detection: be lenient
            xf_format_ids.push_back(value);
        }
    }
    void end(std::string_view name) {
        if (name == "numFmts") in_num_fmts = false;
        if (name == "cellXfs") in_cell_xfs = false;
    }
    void text(std::string_view) {}

    std::vector<bool> date_styles() const {
        std::vector<bool> out;
        out.reserve(xf_format_ids.size());
        for (std::int64_t id : xf_format_ids) {
            auto custom = custom_formats.find(id);
            out.push_back(custom != custom_formats.end() ? is_date_format_code(custom->second)
                                                         : is_builtin_date_format(id));
        }
        return out;
    }
};

// ---------------------------------------------------------------------------------------------
// The worksheet.

enum class RefParse { kOk, kMalformed, kOutOfRange };

// "C5" -> column 2 (0-based), row 5 (1-based).
RefParse parse_cell_ref(std::string_view ref, std::int64_t& col, std::int64_t& row) {
    std::size_t i = 0;
    col = 0;
    for (; i < ref.size() && ((ref[i] >= 'A' && ref[i] <= 'Z') || (ref[i] >= 'a' && ref[i] <= 'z')); ++i) {
        col = col * 26 + ((ref[i] | 0x20) - 'a' + 1);
        if (col > kMaxColumns) return RefParse::kOutOfRange;
    }
    if (i == 0 || i == ref.size()) return RefParse::kMalformed;
    row = 0;
    for (; i < ref.size(); ++i) {
        if (ref[i] < '0' || ref[i] > '9') return RefParse::kMalformed;
        row = row * 10 + (ref[i] - '0');
        if (row > kMaxRows) return RefParse::kOutOfRange;
    }
    if (row == 0) return RefParse::kMalformed;
    col -= 1;
    return RefParse::kOk;
}

std::string column_letters(std::int64_t col) {
    std::string out;
    for (std::int64_t n = col + 1; n > 0; n = (n - 1) / 26)
        out.insert(out.begin(), static_cast<char>('A' + (n - 1) % 26));
    return out;
}

enum class StoredType { kNumber, kShared, kFormulaString, kInline, kBool, kError, kIsoDate };

std::optional<StoredType> parse_stored_type(const char* t) {
    if (t == nullptr) return StoredType::kNumber;
    std::string_view s(t);
    if (s == "n") return StoredType::kNumber;
    if (s == "s") return StoredType::kShared;
    if (s == "str") return StoredType::kFormulaString;
    if (s == "inlineStr") return StoredType::kInline;
    if (s == "b") return StoredType::kBool;
    if (s == "e") return StoredType::kError;
    if (s == "d") return StoredType::kIsoDate;
    return std::nullopt;
}

class SheetHandler {
  public:
    Text error;

    SheetHandler(const std::vector<std::string>& shared, bool has_shared_part, const std::vector<bool>& date_styles,
                 XlsxSheet& out)
        : shared_(shared), has_shared_part_(has_shared_part), date_styles_(date_styles), out_(out) {}

    void start(std::string_view name, const XML_Char** atts) {
        if (name == "sheetData") {
            in_sheet_data_ = true;
        } else if (in_sheet_data_ && name == "row") {
            start_row(atts);
        } else if (in_row_ && name == "c") {
            start_cell(atts);
        } else if (in_cell_) {
            start_inside_cell(name);
        }
    }

    void end(std::string_view name) {
        if (name == "sheetData") {
            in_sheet_data_ = false;
        } else if (name == "row" && in_row_) {
            end_row();
        } else if (name == "c" && in_cell_) {
            end_cell();
        } else if (name == "v") {
            in_value_ = false;
        } else if (name == "is") {
            in_inline_ = false;
        } else if (name == "rPh" && phonetic_depth_ > 0) {
            --phonetic_depth_;
        } else if (name == "t") {
            in_inline_text_ = false;
        }
    }

    void text(std::string_view s) {
        if (in_value_) value_.append(s);
        if (in_inline_text_) inline_text_.append(s);
    }

    // Trailing rows without a value are formatting, not data.
    void finish() {
        out_.rows.resize(rows_with_values_);
        out_.row_numbers.resize(rows_with_values_);
    }

  private:
    // <f> (the formula) and <extLst> are skipped: only the value and inline text matter.
    void start_inside_cell(std::string_view name) {
        if (name == "v") {
            in_value_ = true;
        } else if (name == "is") {
            in_inline_ = true;
        } else if (name == "rPh") {
            ++phonetic_depth_;
        } else if (name == "t" && in_inline_ && phonetic_depth_ == 0) {
            in_inline_text_ = true;
        }
    }

    void start_row(const XML_Char** atts) {
        in_row_ = true;
        row_.clear();
        next_col_ = 0;
        row_has_cells_ = false;
        const char* r = find_attr(atts, "r");
        implicit_row_ = r == nullptr;
        if (implicit_row_) {
            row_number_ = last_row_number_ + 1;
        } else if (!parse_int(r, row_number_) || row_number_ < 1 || row_number_ > kMaxRows) {
            error = {"行号“" + std::string(r) + "”超出范围 1.." + std::to_string(kMaxRows),
                     "row number '" + std::string(r) + "' is out of range 1.." + std::to_string(kMaxRows)};
            return;
        }
        if (row_number_ <= last_row_number_) {
            const std::string row = std::to_string(row_number_), last = std::to_string(last_row_number_);
            error = {"第 " + row + " 行出现在第 " + last + " 行之后", "row " + row + " comes after row " + last};
        } else if (row_number_ > kMaxRows) {
            error = {"超过 " + std::to_string(kMaxRows) + " 行", "more than " + std::to_string(kMaxRows) + " rows"};
        }
    }

    void end_row() {
        in_row_ = false;
        last_row_number_ = row_number_;
        out_.rows.push_back(std::move(row_));
        out_.row_numbers.push_back(row_number_);
        if (!out_.rows.back().empty()) rows_with_values_ = out_.rows.size();
        row_ = {};
    }

    std::string cell_name() const { return column_letters(cell_col_) + std::to_string(row_number_); }

    void start_cell(const XML_Char** atts) {
        in_cell_ = true;
        value_.clear();
        inline_text_.clear();
        phonetic_depth_ = 0;
        if (!place_cell(find_attr(atts, "r"))) return;
        auto type = parse_stored_type(find_attr(atts, "t"));
        if (!type) {
            const std::string t = find_attr(atts, "t");
            error = {"单元格 " + cell_name() + "：未知的单元格类型“" + t + "”",
                     "cell " + cell_name() + ": unknown cell type '" + t + "'"};
            return;
        }
        type_ = *type;
        std::int64_t style = 0;
        const char* s = find_attr(atts, "s");
        style_is_date_ = s != nullptr && parse_int(s, style) && style >= 0 &&
                         static_cast<std::uint64_t>(style) < date_styles_.size() && date_styles_[style];
    }

    // Sets cell_col_ from the reference, or the next column when the writer left references out.
    bool place_cell(const char* ref) {
        if (ref == nullptr) {
            cell_col_ = next_col_;
            if (cell_col_ >= kMaxColumns) {
                const std::string row = std::to_string(row_number_), max = std::to_string(kMaxColumns);
                error = {"第 " + row + " 行超过 " + max + " 列", "row " + row + " has more than " + max + " columns"};
                return false;
            }
        } else {
            std::int64_t ref_row = 0;
            RefParse parsed = parse_cell_ref(ref, cell_col_, ref_row);
            if (parsed != RefParse::kOk) {
                const std::string r(ref);
                error = parsed == RefParse::kMalformed
                            ? Text{"单元格引用“" + r + "”格式错误", "cell reference '" + r + "' is malformed"}
                            : Text{"单元格引用“" + r + "”超出 XFD1048576",
                                   "cell reference '" + r + "' is beyond XFD1048576"};
                return false;
            }
            // A row written without r takes its number from its first cell.
            if (implicit_row_ && !row_has_cells_ && ref_row > last_row_number_) row_number_ = ref_row;
            if (ref_row != row_number_) {
                const std::string r(ref), row = std::to_string(row_number_);
                error = {"单元格 " + r + " 出现在第 " + row + " 行中", "cell " + r + " lies inside row " + row};
                return false;
            }
            if (cell_col_ < next_col_) {
                const std::string r(ref), col = column_letters(next_col_ - 1);
                error = {"单元格 " + r + " 出现在本行 " + col + " 列之后",
                         "cell " + r + " comes after column " + col + " of its row"};
                return false;
            }
        }
        row_has_cells_ = true;
        next_col_ = cell_col_ + 1;
        return true;
    }

    void end_cell() {
        in_cell_ = false;
        in_value_ = in_inline_ = in_inline_text_ = false;
        XlsxCell cell;
        if (!decode_cell(cell)) return;
        if (cell.type == XlsxCell::Type::kString && cell.text.empty()) cell.type = XlsxCell::Type::kEmpty;
        if (cell.type == XlsxCell::Type::kEmpty) return;
        if (static_cast<std::size_t>(cell_col_) >= row_.size()) row_.resize(static_cast<std::size_t>(cell_col_) + 1);
        row_[static_cast<std::size_t>(cell_col_)] = std::move(cell);
    }

    bool decode_cell(XlsxCell& cell) {
        switch (type_) {
            case StoredType::kNumber:
                return decode_number(cell);
            case StoredType::kShared:
                return decode_shared(cell);
            case StoredType::kBool:
                return decode_bool(cell);
            case StoredType::kInline:
                cell.text = std::move(inline_text_);
                if (cell.text.empty()) cell.text = std::move(value_);
                break;
            case StoredType::kFormulaString:
            case StoredType::kIsoDate:
                cell.text = std::move(value_);
                break;
            case StoredType::kError:
                cell.text = std::string(trim(value_));
                cell.type = cell.text.empty() ? XlsxCell::Type::kEmpty : XlsxCell::Type::kError;
                return true;
        }
        decode_ooxml_escapes(cell.text);
        cell.type = XlsxCell::Type::kString;
        return true;
    }

    bool decode_number(XlsxCell& cell) {
        std::string_view v = trim(value_);
        if (v.empty()) return true;  // a styled blank
        double ignored = 0;
        if (!parse_double(v, ignored)) {
            const std::string n(v.substr(0, 40));
            error = {"单元格 " + cell_name() + "：数字“" + n + "”格式错误",
                     "cell " + cell_name() + ": number '" + n + "' is malformed"};
            return false;
        }
        cell.text = std::string(v);
        cell.type = XlsxCell::Type::kNumber;
        cell.date_format = style_is_date_;
        return true;
    }

    bool decode_shared(XlsxCell& cell) {
        if (trim(value_).empty()) return true;  // a styled blank that kept its type
        std::int64_t index = -1;
        if (!parse_int(value_, index) || index < 0) {
            const std::string i(trim(value_).substr(0, 40));
            error = {"单元格 " + cell_name() + "：共享字符串索引“" + i + "”格式错误",
                     "cell " + cell_name() + ": shared string index '" + i + "' is malformed"};
            return false;
        }
        if (static_cast<std::uint64_t>(index) >= shared_.size()) {
            const std::string i = std::to_string(index), n = std::to_string(shared_.size());
            error = has_shared_part_
                        ? Text{"单元格 " + cell_name() + "：共享字符串 " + i + " 不存在（工作簿共有 " + n + " 个）",
                               "cell " + cell_name() + ": shared string " + i + " does not exist (the workbook has " +
                                   n + ")"}
                        : Text{"单元格 " + cell_name() + "：引用了共享字符串 " + i + "，但工作簿没有共享字符串部件",
                               "cell " + cell_name() + ": shared string " + i +
                                   " is used but the workbook has no shared strings part"};
            return false;
        }
        cell.text = shared_[static_cast<std::size_t>(index)];
        cell.type = XlsxCell::Type::kString;
        return true;
    }

    bool decode_bool(XlsxCell& cell) {
        std::string_view v = trim(value_);
        if (v.empty()) return true;
        if (v != "0" && v != "1") {
            const std::string b(v.substr(0, 40));
            error = {"单元格 " + cell_name() + "：布尔值“" + b + "”既不是0也不是1",
                     "cell " + cell_name() + ": boolean '" + b + "' is neither 0 nor 1"};
            return false;
        }
        cell.text = v == "1" ? "TRUE" : "FALSE";
        cell.type = XlsxCell::Type::kBool;
        return true;
    }

    const std::vector<std::string>& shared_;
    bool has_shared_part_;
    const std::vector<bool>& date_styles_;
    XlsxSheet& out_;

    bool in_sheet_data_ = false;
    bool in_row_ = false;
    bool in_cell_ = false;
    bool in_value_ = false;
    bool in_inline_ = false;
    bool in_inline_text_ = false;
    int phonetic_depth_ = 0;

    std::int64_t row_number_ = 0;
    std::int64_t last_row_number_ = 0;
    bool implicit_row_ = false;
    bool row_has_cells_ = false;
    std::int64_t next_col_ = 0;
    std::vector<XlsxCell> row_;
    std::size_t rows_with_values_ = 0;

    std::int64_t cell_col_ = 0;
    StoredType type_ = StoredType::kNumber;
    bool style_is_date_ = false;
    std::string value_;
    std::string inline_text_;
};

// ---------------------------------------------------------------------------------------------

Result<XlsxSheet> read_first_sheet(const std::filesystem::path& path, const std::string& label) {
    auto opened = open_archive(path, label);
    if (!opened) return opened.status();
    const Archive& ar = *opened;

    auto parts = locate_parts(ar);
    if (!parts) return parts.status();
    if (!ar.find(parts->sheet)) {
        return ar.data_error(parts->sheet,
                             {"缺少该部件：这不是xlsx工作簿（xl/workbook.xml 未指明任何工作表）",
                              "part is missing; this is not an xlsx workbook (no xl/workbook.xml names a sheet)"});
    }

    std::vector<std::string> shared;
    bool has_shared = ar.find(parts->shared_strings).has_value();
    if (has_shared) {
        SharedStringsHandler handler{.strings = shared};
        if (Status s = parse_part(ar, parts->shared_strings, handler); !s) return s;
    }

    std::vector<bool> date_styles;
    if (ar.find(parts->styles)) {
        StylesHandler handler;
        if (Status s = parse_part(ar, parts->styles, handler); !s) return s;
        date_styles = handler.date_styles();
    }

    XlsxSheet sheet;
    SheetHandler handler(shared, has_shared, date_styles, sheet);
    if (Status s = parse_part(ar, parts->sheet, handler); !s) return s;
    handler.finish();
    return sheet;
}

}  // namespace

Result<XlsxSheet> read_xlsx_first_sheet(const std::filesystem::path& path) {
    std::string label = path.filename().string();
    if (label.empty()) label = path.string();
    try {
        return read_first_sheet(path, label);
    } catch (const std::bad_alloc&) {
        return Status::data_error(
            {label + "：读取工作簿时内存不足", label + ": out of memory while reading the workbook"});
    } catch (const std::exception& e) {
        return Status::data_error(
            {label + "：无法读取工作簿：" + e.what(), label + ": cannot read the workbook: " + e.what()});
    } catch (...) {
        return Status::data_error({label + "：无法读取工作簿", label + ": cannot read the workbook"});
    }
}

std::string xlsx_number_to_decimal(std::string_view stored) {
    double value = 0;
    if (!parse_double(stored, value) || !std::isfinite(value)) return std::string(stored);
    if (value == 0) return "0";

    // 15 significant digits in scientific form ("-1.23450000000000e+07"), then written out plainly.
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific, 14);
    if (ec != std::errc()) return std::string(stored);
    std::string_view sci(buf, static_cast<std::size_t>(end - buf));
    bool negative = sci.front() == '-';
    if (negative) sci.remove_prefix(1);
    auto e_pos = sci.find('e');
    std::string digits;
    for (char c : sci.substr(0, e_pos)) {
        if (c != '.') digits += c;
    }
    while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
    std::int64_t exponent = 0;
    std::string_view exp_text = sci.substr(e_pos + 1);
    if (exp_text.starts_with('+')) exp_text.remove_prefix(1);
    std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exponent);

    std::string out = negative ? "-" : "";
    const auto n = static_cast<std::int64_t>(digits.size());
    if (exponent >= n - 1) {
        out += digits;
        out.append(static_cast<std::size_t>(exponent - (n - 1)), '0');
    } else if (exponent >= 0) {
        out += digits.substr(0, static_cast<std::size_t>(exponent + 1));
        out += '.';
        out += digits.substr(static_cast<std::size_t>(exponent + 1));
    } else {
        out += "0.";
        out.append(static_cast<std::size_t>(-exponent - 1), '0');
        out += digits;
    }
    return out;
}

std::optional<std::string> xlsx_serial_to_iso_date(std::string_view stored) {
    double serial = 0;
    if (!parse_double(stored, serial) || !std::isfinite(serial) || serial < 0 || serial > 1e7) return std::nullopt;
    // Excel rounds times to the millisecond, so 44999.99999999 is midnight of day 45000, not 44999.
    constexpr std::int64_t kMsPerDay = 86400000;
    std::int64_t ms = std::llround(serial * static_cast<double>(kMsPerDay));
    auto date = date_from_excel_serial(ms / kMsPerDay);
    if (!date) return std::nullopt;
    return format_date(*date);
}

}  // namespace zx
