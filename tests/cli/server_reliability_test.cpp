// Reliability of `zhenxing serve` as an operator meets it: the real binary as a child process on a
// file SQLite database, killed with SIGKILL in the middle of an upload and of run creation and
// restarted (backups, restores and operators' mistakes: server_operations_test.cpp).
//
// The client is a raw socket speaking HTTP/1.1 with "Connection: close"; the database is checked
// with zx::db directly on the file, always after the server is dead.
//
// The helpers and the fixture are in server_fixture.hpp.
#include <gtest/gtest.h>

#include "cli/server_fixture.hpp"

namespace zx::cli_test {
namespace {

// a) An upload is one transaction: SIGKILL at any moment leaves the database exactly as before or
// exactly as after the whole file, never part of it; and a 201 the client received is durable.
TEST_F(ServerReliability, KillDuringUploadLeavesAllOrNothing) {
    // 300 enterprises × 1990-01..2021-12 (115,200 rows, 4.5 MB): months the demo (2022–2023) does
    // not have, so every row is new.
    const std::string csv = output_csv(1990, 2021);
    const std::size_t rows = usccs_.size() * 32 * 12;
    const std::string target = "/api/uploads/output?filename=big.csv";

    fresh_db(dir_ / "before" / "zx.db");
    const std::string before = upload_state(dir_ / "before" / "zx.db");

    // The reference: the same upload, uninterrupted; its duration sets the kill points.
    double full_ms = 0;
    {
        const fs::path db = dir_ / "complete" / "zx.db";
        fresh_db(db);
        ServerProcess& s = serve(db);
        ASSERT_GT(s.port(), 0);
        const auto t0 = Clock::now();
        Reply r = http(s.port(), "POST", target, csv, admin_token_, "text/csv");
        full_ms = ms_since(t0);
        ASSERT_EQ(r.status, 201) << r.body << r.error;
        EXPECT_EQ(r.num("rows"), static_cast<std::int64_t>(rows));
        ASSERT_EQ(s.stop(), 0) << s.log();
    }
    const std::string after = upload_state(dir_ / "complete" / "zx.db");
    ASSERT_NE(before, after);
    std::printf("[ upload   ] %zu rows, %zu bytes, uninterrupted in %.0f ms\n", rows, csv.size(), full_ms);
    // The kill points scale with the duration; below 0.3 s they come close together (a fast machine).
    if (full_ms < 300) std::printf("[ upload   ] note: quicker than 0.3 s; the kill points are close together\n");

    std::vector<double> delays = {10, 50, 150, 400};
    for (double f : {0.3, 0.45, 0.55, 0.65, 0.8, 0.95, 1.3}) delays.push_back(f * full_ms);
    std::sort(delays.begin(), delays.end());
    // And once the server has answered: a kill that surely lands after the commit, however slow the
    // machine is today (the timed points above may then all land before it).
    constexpr double kAfterTheAnswer = -1;
    delays.push_back(kAfterTheAnswer);
    int ended_before = 0, ended_after = 0;
    for (std::size_t i = 0; i < delays.size(); ++i) {
        const double delay = delays[i];
        SCOPED_TRACE(delay == kAfterTheAnswer
                         ? std::string("kill after the answer")
                         : "kill " + std::to_string(static_cast<int>(delay)) + " ms after sending");
        const fs::path db = dir_ / ("kill-" + std::to_string(i)) / "zx.db";
        fresh_db(db);
        ServerProcess& s = serve(db);
        ASSERT_GT(s.port(), 0);

        std::mutex mu;
        std::condition_variable cv;
        std::optional<Clock::time_point> sent;
        Reply reply;
        std::thread client([&] {
            reply = http(s.port(), "POST", target, csv, admin_token_, "text/csv", [&] {
                std::lock_guard lock(mu);
                sent = Clock::now();
                cv.notify_all();
            });
            std::lock_guard lock(mu);
            if (!sent) sent = Clock::now();
            cv.notify_all();
        });
        Clock::time_point t_sent;
        {
            std::unique_lock lock(mu);
            cv.wait(lock, [&] { return sent.has_value(); });
            t_sent = *sent;
        }
        if (delay == kAfterTheAnswer)
            client.join();
        else
            std::this_thread::sleep_until(t_sent + std::chrono::microseconds(static_cast<long long>(delay * 1000)));
        std::error_code ec;
        const auto wal = fs::file_size(db.string() + "-wal", ec);
        s.signal(SIGKILL);
        auto st = s.wait(10s);
        if (client.joinable()) client.join();
        ASSERT_TRUE(st && WIFSIGNALED(*st) && WTERMSIG(*st) == SIGKILL) << s.log();

        // Restart on the same file: it opens, and the API sees all of the upload or none of it.
        ServerProcess& again = serve(db);
        ASSERT_GT(again.port(), 0) << again.log();
        Reply out =
            http(again.port(), "GET", "/api/output?month_from=1990-01&month_to=2021-12&page_size=1", {}, admin_token_);
        ASSERT_EQ(out.status, 200) << out.body;
        const std::int64_t visible = out.num("total");
        EXPECT_TRUE(visible == 0 || visible == static_cast<std::int64_t>(rows)) << visible << " of " << rows << " rows";
        ASSERT_EQ(again.stop(), 0) << again.log();

        const std::string state = upload_state(db);
        const bool is_before = state == before, is_after = state == after;
        EXPECT_TRUE(is_before || is_after) << "partial upload after SIGKILL:\n"
                                           << state << "\n--- before:\n"
                                           << before << "\n--- after:\n"
                                           << after;
        if (reply.status != 0) {
            EXPECT_EQ(reply.status, 201) << reply.body;
            EXPECT_TRUE(is_after) << "the server answered 201, yet the upload is gone after SIGKILL";
        }
        ended_before += is_before;
        ended_after += is_after;
        std::printf("[ upload   ] SIGKILL at %5.0f ms (WAL %7ju bytes, response %d): %s\n", delay,
                    static_cast<std::uintmax_t>(ec ? 0 : wal), reply.status,
                    is_before  ? "as before"
                    : is_after ? "as after"
                               : "PARTIAL");
    }
    EXPECT_GT(ended_before, 0) << "no kill landed before the commit";
    EXPECT_GT(ended_after, 0) << "no kill landed after the commit";
}

// b) A run is one transaction: SIGKILL while runs are being created leaves only whole runs, and
// every run the server acknowledged survives.
TEST_F(ServerReliability, KillDuringRunCreationLeavesWholeRuns) {
    const fs::path db = dir_ / "zx.db";
    fresh_db(db);
    std::set<std::int64_t> acknowledged;
    int attempts = 0;
    for (int delay : {90, 230, 370, 610}) {
        SCOPED_TRACE("kill " + std::to_string(delay) + " ms into run creation");
        ServerProcess& s = serve(db);
        ASSERT_GT(s.port(), 0);
        std::atomic<bool> stop{false};
        std::mutex mu;
        std::vector<std::thread> clients;
        for (int c = 0; c < 2; ++c)
            clients.emplace_back([&] {
                while (!stop) {
                    Reply r = http(s.port(), "POST", "/api/runs", R"({"policy":"guangxi-2023","confirm_pending":true})",
                                   admin_token_);
                    std::lock_guard lock(mu);
                    ++attempts;
                    if (r.status == 201)
                        acknowledged.insert(r.num("id"));
                    else if (r.status != 0)
                        ADD_FAILURE() << "POST /api/runs: " << r.status << " " << r.body;
                    if (r.status == 0) break;  // the server is gone
                }
            });
        std::this_thread::sleep_for(std::chrono::milliseconds(delay));
        s.signal(SIGKILL);
        auto st = s.wait(10s);
        stop = true;
        for (auto& t : clients) t.join();
        ASSERT_TRUE(st && WIFSIGNALED(*st)) << s.log();

        ServerProcess& again = serve(db);
        ASSERT_GT(again.port(), 0) << again.log();
        Reply list = http(again.port(), "GET", "/api/runs", {}, admin_token_);
        ASSERT_EQ(list.status, 200) << list.body;
        std::set<std::int64_t> listed;
        for (const auto& it : list.items()) listed.insert(it.at("id").as_int64());
        for (std::int64_t id : acknowledged) EXPECT_TRUE(listed.count(id)) << "acknowledged run " << id << " was lost";
        ASSERT_EQ(again.stop(), 0) << again.log();
        expect_runs_whole(db, "after SIGKILL at " + std::to_string(delay) + " ms");
    }
    auto d = open_db(db);
    ASSERT_TRUE(d);
    std::printf("[ runs     ] %d requests, %zu acknowledged, %s runs in the database (1 from the demo)\n", attempts,
                acknowledged.size(), q(*d, "SELECT COUNT(*) FROM runs").c_str());
    EXPECT_GE(acknowledged.size(), 2u) << "run creation was never reached";
}
}  // namespace
}  // namespace zx::cli_test
