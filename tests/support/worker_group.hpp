// A group of worker processes for one multi-process race round (docs/concurrency.md): every
// worker starts with one shared "go" pipe as its stdin, prints "ready" once it is set up, and
// blocks reading that stdin; release() waits for every worker's first line, then closes the
// pipe, which releases them all at once; collect() reads each worker's output to the end and
// reaps it. Every wait has a deadline, so a stuck worker fails its round instead of hanging
// the suite.
//
// RAII: the destructor kills (SIGKILL, by pid) and reaps every worker not yet reaped, and
// closes every descriptor the group holds, so a failing, throwing or timed-out round leaves no
// process behind.
//
// Thread safety: a group is used by one thread at a time. Distinct groups may run on distinct
// threads: every descriptor is opened close-on-exec, and a group waits only for its own pids.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <sys/types.h>

namespace ciie::test {

// What collect() saw of one worker.
struct WorkerResult {
  bool timed_out = false;  // its output did not end by the deadline; the fields below are unset
  int status = 0;          // its wait status, as waitpid reports it
  std::string first_line;  // "ready" for a worker that reached its barrier; "" when it printed
                           // nothing
  std::vector<std::string> lines;  // every line after the first, in order, without '\n'

  // What went wrong, for a test's `other` outcomes, in this order: "timeout" (then nothing
  // else), "exit-status:<wait status>" unless it exited with status 0, "no-ready:<first line>"
  // unless its first line was "ready". Empty for a worker that ran cleanly.
  std::vector<std::string> failures() const;
};

class WorkerGroup {
 public:
  using Deadline = std::chrono::steady_clock::time_point;

  // Starts one worker per argv (argv[0] a path; no shell), in order. Throws std::runtime_error
  // when a pipe or a worker cannot be made; the workers already started are then killed and
  // reaped.
  explicit WorkerGroup(const std::vector<std::vector<std::string>>& argvs);
  ~WorkerGroup();
  WorkerGroup(const WorkerGroup&) = delete;
  WorkerGroup& operator=(const WorkerGroup&) = delete;

  // Waits until every worker has printed its first line or ended its output, then releases
  // them together. False, and nobody released, when `deadline` passed first. Call once.
  bool release(Deadline deadline);

  // After a successful release(): reads every worker's output to its end and reaps it, in start
  // order, one result per worker. A worker whose output did not end by `deadline` is left to
  // the destructor. Call once.
  std::vector<WorkerResult> collect(Deadline deadline);

 private:
  struct Worker {
    pid_t pid = -1;  // -1 once reaped
    int out = -1;    // read end of the worker's stdout
    std::string output;
  };

  void start(const std::vector<std::string>& argv, int go_read);
  void stop();  // kills and reaps every worker still running; closes every descriptor

  std::vector<Worker> workers_;
  int go_write_ = -1;  // write end of the go pipe; -1 once closed
};

}  // namespace ciie::test
