// Worker processes for one race round; see worker_group.hpp.
#include "support/worker_group.hpp"

#include <sstream>
#include <stdexcept>
#include <utility>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support/child_process.hpp"

namespace ciie::test {

std::vector<std::string> WorkerResult::failures() const {
  if (timed_out) return {"timeout"};
  std::vector<std::string> found;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    found.push_back("exit-status:" + std::to_string(status));
  }
  if (first_line != "ready") found.push_back("no-ready:" + first_line);
  return found;
}

WorkerGroup::WorkerGroup(const std::vector<std::vector<std::string>>& argvs) {
  int go[2];
  if (pipe2(go, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
  go_write_ = go[1];
  workers_.reserve(argvs.size());  // so that recording a started worker cannot throw
  try {
    for (const std::vector<std::string>& argv : argvs) start(argv, go[0]);
  } catch (...) {
    close(go[0]);
    stop();
    throw;
  }
  close(go[0]);  // only the workers read it; closing the write end then means EOF to them
}

WorkerGroup::~WorkerGroup() { stop(); }

bool WorkerGroup::release(Deadline deadline) {
  for (Worker& worker : workers_) {
    if (!read_until(worker.out, worker.output, true, deadline)) return false;
  }
  close(go_write_);
  go_write_ = -1;
  return true;
}

std::vector<WorkerResult> WorkerGroup::collect(Deadline deadline) {
  std::vector<WorkerResult> results;
  for (Worker& worker : workers_) {
    WorkerResult result;
    if (!read_until(worker.out, worker.output, false, deadline)) {
      result.timed_out = true;
      results.push_back(std::move(result));
      continue;
    }
    waitpid(worker.pid, &result.status, 0);
    worker.pid = -1;
    std::istringstream lines(worker.output);
    std::getline(lines, result.first_line);
    std::string line;
    while (std::getline(lines, line)) result.lines.push_back(line);
    results.push_back(std::move(result));
  }
  return results;
}

void WorkerGroup::start(const std::vector<std::string>& argv, int go_read) {
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
  Worker worker;
  worker.out = out[0];
  try {
    worker.pid = spawn(argv, go_read, out[1]);
  } catch (...) {
    close(out[0]);
    close(out[1]);
    throw;
  }
  close(out[1]);  // only the worker writes; its exit then means EOF here
  workers_.push_back(std::move(worker));
}

void WorkerGroup::stop() {
  for (Worker& worker : workers_) {
    if (worker.pid > 0) {
      kill(worker.pid, SIGKILL);
      waitpid(worker.pid, nullptr, 0);
      worker.pid = -1;
    }
    if (worker.out >= 0) {
      close(worker.out);
      worker.out = -1;
    }
  }
  if (go_write_ >= 0) {
    close(go_write_);
    go_write_ = -1;
  }
}

}  // namespace ciie::test
