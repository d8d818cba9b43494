#include "platform/formats/text_file.hpp"

#include <fcntl.h>
#include <iconv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace zx {

std::string_view encoding_name(TextEncoding e) {
    switch (e) {
        case TextEncoding::kUtf8:
            return "UTF-8";
        case TextEncoding::kUtf8Bom:
            return "UTF-8 (BOM)";
        case TextEncoding::kGb18030:
            return "GB18030";
    }
    return "?";
}

MappedFile::MappedFile(MappedFile&& o) noexcept : data_(o.data_), size_(o.size_), mapped_(o.mapped_) {
    o.data_ = nullptr;
    o.size_ = 0;
    o.mapped_ = false;
}

MappedFile& MappedFile::operator=(MappedFile&& o) noexcept {
    if (this != &o) {
        this->~MappedFile();
        new (this) MappedFile(std::move(o));
    }
    return *this;
}

MappedFile::~MappedFile() {
    if (mapped_ && data_) munmap(const_cast<char*>(data_), size_);
}

Result<MappedFile> MappedFile::open(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        const std::string why = std::strerror(errno);
        return Status::io_error({path.string() + "：无法打开：" + why, path.string() + ": cannot open: " + why});
    }
    struct stat st {};
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return Status::io_error({path.string() + "：不是普通文件", path.string() + ": not a regular file"});
    }
    MappedFile f;
    f.size_ = static_cast<std::size_t>(st.st_size);
    if (f.size_ > 0) {
        void* p = mmap(nullptr, f.size_, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) {
            ::close(fd);
            const std::string why = std::strerror(errno);
            return Status::io_error(
                {path.string() + "：无法映射到内存：" + why, path.string() + ": cannot map: " + why});
        }
        madvise(p, f.size_, MADV_SEQUENTIAL | MADV_WILLNEED);
        f.data_ = static_cast<const char*>(p);
        f.mapped_ = true;
    }
    ::close(fd);
    return f;
}

TextEncoding detect_encoding(std::string_view bytes) {
    if (bytes.size() >= 3 && static_cast<unsigned char>(bytes[0]) == 0xEF &&
        static_cast<unsigned char>(bytes[1]) == 0xBB && static_cast<unsigned char>(bytes[2]) == 0xBF)
        return TextEncoding::kUtf8Bom;
    return is_valid_utf8(bytes) ? TextEncoding::kUtf8 : TextEncoding::kGb18030;
}

bool gb18030_to_utf8(std::string_view in, std::string& out) {
    out.clear();
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == reinterpret_cast<iconv_t>(-1)) return false;
    out.resize(in.size() * 2 + 16);
    char* src = const_cast<char*>(in.data());
    std::size_t src_left = in.size();
    char* dst = out.data();
    std::size_t dst_left = out.size();
    bool ok = true;
    while (src_left > 0) {
        std::size_t r = iconv(cd, &src, &src_left, &dst, &dst_left);
        if (r == static_cast<std::size_t>(-1)) {
            if (errno == E2BIG) {
                const std::size_t used = static_cast<std::size_t>(dst - out.data());
                out.resize(out.size() * 2);
                dst = out.data() + used;
                dst_left = out.size() - used;
                continue;
            }
            ok = false;
            break;
        }
    }
    out.resize(static_cast<std::size_t>(dst - out.data()));
    iconv_close(cd);
    return ok;
}

}  // namespace zx
