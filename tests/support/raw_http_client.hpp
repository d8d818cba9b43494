// A deliberately dumb HTTP/1.1 client over a raw POSIX socket, shared by the API tests: it keeps
// Boost.Beast out of the tests and sees exactly the bytes the server sends.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace zx::test {

struct Reply {
    int status = 0;
    std::map<std::string, std::string> headers;  // lower-case names
    std::string body;
    std::string header(const std::string& name) const {
        auto it = headers.find(name);
        return it == headers.end() ? std::string() : it->second;
    }
};

// One TCP connection to 127.0.0.1; every read gives up after `timeout_seconds` so a server bug fails
// the test instead of hanging it.
class Client {
  public:
    explicit Client(std::uint16_t port, int timeout_seconds = 5) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        timeval tv{static_cast<time_t>(timeout_seconds), 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    }
    ~Client() {
        if (fd_ >= 0) ::close(fd_);
    }
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    bool connected() const { return connected_; }

    bool send(std::string_view data) {
        while (!data.empty()) {
            ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
            if (n <= 0) return false;
            data.remove_prefix(static_cast<std::size_t>(n));
        }
        return true;
    }

    // One response; nullopt when the connection closed or timed out first. `head`: the request was HEAD,
    // so Content-Length describes a body that is not sent.
    std::optional<Reply> read(bool head = false) {
        std::size_t end;
        while ((end = buf_.find("\r\n\r\n")) == std::string::npos)
            if (!fill()) return std::nullopt;
        std::string head_text = buf_.substr(0, end);
        buf_.erase(0, end + 4);
        Reply r;
        std::size_t line_end = head_text.find("\r\n");
        std::string status_line = head_text.substr(0, line_end);
        if (status_line.size() < 12 || status_line.compare(0, 7, "HTTP/1.") != 0) return std::nullopt;
        r.status = std::stoi(status_line.substr(9, 3));
        std::size_t pos = line_end == std::string::npos ? head_text.size() : line_end + 2;
        while (pos < head_text.size()) {
            std::size_t e = head_text.find("\r\n", pos);
            if (e == std::string::npos) e = head_text.size();
            std::string line = head_text.substr(pos, e - pos);
            pos = e + 2;
            auto colon = line.find(':');
            if (colon == std::string::npos) continue;
            std::string name = line.substr(0, colon);
            for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            std::string value = line.substr(colon + 1);
            while (!value.empty() && value.front() == ' ') value.erase(0, 1);
            auto [it, fresh] = r.headers.emplace(name, value);
            if (!fresh) it->second += ", " + value;
        }
        std::size_t length = r.headers.count("content-length") ? std::stoul(r.headers["content-length"]) : 0;
        if (head || r.status == 304 || r.status == 204) length = 0;
        while (buf_.size() < length)
            if (!fill()) return std::nullopt;
        r.body = buf_.substr(0, length);
        buf_.erase(0, length);
        return r;
    }

    std::optional<Reply> request(const std::string& method, const std::string& target,
                                 const std::string& extra_headers = {}, const std::string& body = {}) {
        std::string req = method + " " + target + " HTTP/1.1\r\nHost: test\r\n" + extra_headers;
        if (!body.empty() || method == "POST") req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
        req += "\r\n" + body;
        if (!connected_) return std::nullopt;
        send(req);  // may fail half-way: the server can answer (413) and close before reading a large body
        return read(method == "HEAD");
    }

    // Half-close: the server reads end-of-stream after what was sent.
    void shutdown_write() { ::shutdown(fd_, SHUT_WR); }

    // True when the server closed the connection (reads EOF or a reset within the timeout).
    bool closed_by_peer() {
        char c;
        for (;;) {
            ssize_t n = ::recv(fd_, &c, 1, 0);
            if (n == 0) return true;
            if (n < 0) return errno == ECONNRESET;
        }
    }

  private:
    bool fill() {
        char tmp[16384];
        ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
        if (n <= 0) return false;
        buf_.append(tmp, static_cast<std::size_t>(n));
        return true;
    }

    int fd_ = -1;
    bool connected_ = false;
    std::string buf_;
};

}  // namespace zx::test
