// `ciie ocr FILE…`: read licence scans (REG-3) and print each one's fields with their
// confidences, in input order; no store is needed. The files are read in parallel.
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "context.hpp"
#include "exit_status.hpp"
#include "licence_render.hpp"

namespace ciie::cli {
namespace {

struct OcrArgs {
  std::vector<std::string> files;
  int threads = -1;  // --threads; -1: [ocr] threads
};

using ScanResult = Result<LicenceReading>;

// Reads every file on `workers` long-lived threads that take the next file from a shared index:
// the library creates a Tesseract handle per thread on its first scan and reuses it, so a worker
// loads the language packs once however many files it reads (a thread per file would load them
// for every file). `on_result` runs on the calling thread, in input order, as soon as a file and
// every file before it are read, so output streams while the rest are still being read.
void read_all(const std::vector<std::string>& files, const OcrOptions& options, unsigned workers,
              const std::function<void(std::size_t, const ScanResult&)>& on_result) {
  std::vector<std::optional<ScanResult>> results(files.size());
  std::mutex mutex;
  std::condition_variable ready;
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i = next++; i < files.size(); i = next++) {
      ScanResult result = read_licence_file(files[i], options);
      const std::lock_guard lock(mutex);
      results[i].emplace(std::move(result));
      ready.notify_one();  // only the calling thread waits
    }
  };
  std::vector<std::thread> pool;
  for (unsigned w = 0; w < workers; ++w) pool.emplace_back(work);
  for (std::size_t i = 0; i < files.size(); ++i) {
    std::unique_lock lock(mutex);
    ready.wait(lock, [&] { return results[i].has_value(); });
    lock.unlock();
    on_result(i, *results[i]);  // written once, before the notification; no worker touches it again
  }
  for (std::thread& thread : pool) thread.join();
}

// --threads, else [ocr] threads; 0 means one per core; never more than there are files.
unsigned worker_count(const OcrArgs& args, const Rules& rules) {
  const int configured = args.threads >= 0 ? args.threads : rules.ocr.threads;
  unsigned count = configured > 0 ? static_cast<unsigned>(configured)
                                  : std::max(1U, std::thread::hardware_concurrency());
  return std::min<unsigned>(count, static_cast<unsigned>(args.files.size()));
}

nlohmann::json result_json(const std::string& file, const ScanResult& result) {
  nlohmann::json json = {{"file", file}, {"ok", result.is_ok()}};
  if (result.is_ok()) {
    json.update(licence_json(*result));
  } else {
    nlohmann::json error = Output::error_json(result.status());
    json["reason"] = error["reason"];
    json["message"] = error["message"];
    json["details"] = error["details"];
  }
  return json;
}

std::string result_text(const std::string& file, const ScanResult& result) {
  if (!result.is_ok()) {
    return file + ": " + result.status().reason() + ": " + result.status().message() + "\n";
  }
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.2f s", result->seconds);
  return file + ": " + std::string(to_string(result->kind)) + ", read in " + seconds + "\n" +
         licence_text(*result);
}

int run_ocr(Context& ctx, const OcrArgs& args) {
  auto rules = ctx.rules();
  if (!rules.is_ok()) return ctx.fail(rules.status());
  auto options = ctx.ocr_options();
  if (!options.is_ok()) return ctx.fail(options.status());
  Output& out = ctx.out();
  int exit_code = kExitOk;
  std::size_t failed = 0;
  read_all(args.files, *options, worker_count(args, **rules),
           [&](std::size_t i, const ScanResult& result) {
             if (!result.is_ok()) {
               ++failed;
               if (exit_code == kExitOk) exit_code = exit_status(result.status().code());
             }
             if (out.json_mode()) {
               out.json(result_json(args.files[i], result));
             } else {
               out.text((i == 0 ? "" : "\n") + result_text(args.files[i], result));
             }
           });
  const std::size_t files = args.files.size();
  if (out.json_mode()) {
    out.json({{"summary", {{"files", files}, {"read", files - failed}, {"failed", failed}}}});
  } else if (files > 1) {
    out.text("\n" + std::to_string(files) + " files: " + std::to_string(files - failed) +
             " read, " + std::to_string(failed) + " failed\n");
  }
  return exit_code;
}

}  // namespace

void setup_ocr(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<OcrArgs>();
  CLI::App* cmd =
      app.add_subcommand("ocr", "read licence scans: fields with confidences, no store needed");
  cmd->add_option("FILE", args->files, "PNG or JPEG scans of business licences (营业执照)")
      ->required()
      ->expected(1, -1);
  cmd->add_option("--threads", args->threads,
                  "worker threads (default: [ocr] threads of ciie.toml; 0 = one per core)")
      ->check(CLI::NonNegativeNumber);
  cmd->footer(
      "Files are read in parallel and printed in input order; with --json one line per file\n"
      "({\"file\":…,\"ok\":…, the fields or reason/message/details}) and a last {\"summary\":…}.\n"
      "Exit 0 when every file was read, else the status of the first file that was not:\n"
      "1 licence.format/size/unreadable, 2 licence.read, 6 ocr.language/engine.\n"
      "Examples:\n"
      "  ciie ocr examples/licence-sample.png\n"
      "  ciie --json ocr --threads 2 scans/*.jpg > readings.jsonl");
  cmd->callback([&ctx, args] { ctx.set_action([&ctx, args] { return run_ocr(ctx, *args); }); });
}

}  // namespace ciie::cli
