#include "support/run_command.hpp"
#include "support/test_store.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

extern char** environ;

namespace ciie::test {
namespace {

void close_pipe(int fds[2]) {
  if (fds[0] >= 0) close(fds[0]);
  if (fds[1] >= 0) close(fds[1]);
}

}  // namespace

CommandResult run_command(const std::vector<std::string>& argv, const std::string& stdin_data,
                          const std::map<std::string, std::string>& env, const std::string& cwd) {
  if (argv.empty()) throw std::invalid_argument("run_command: empty argv");
  // Build the environment before forking: only async-signal-safe calls after fork().
  std::map<std::string, std::string> merged;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry(*e);
    const auto eq = entry.find('=');
    if (eq != std::string::npos) merged[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  for (const auto& [key, value] : env) {
    if (value == "\x01unset") {
      merged.erase(key);
    } else {
      merged[key] = value;
    }
  }
  std::vector<std::string> env_strings;
  for (const auto& [key, value] : merged) env_strings.push_back(key + "=" + value);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = argv;
  std::vector<char*> argp;
  for (auto& s : args) argp.push_back(s.data());
  argp.push_back(nullptr);

  int in_pipe[2] = {-1, -1}, out_pipe[2] = {-1, -1}, err_pipe[2] = {-1, -1};
  if (pipe2(in_pipe, O_CLOEXEC) != 0 || pipe2(out_pipe, O_CLOEXEC) != 0 ||
      pipe2(err_pipe, O_CLOEXEC) != 0) {
    close_pipe(in_pipe);
    close_pipe(out_pipe);
    close_pipe(err_pipe);
    throw std::runtime_error("pipe2 failed");
  }
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    dup2(in_pipe[0], 0);
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(127);
    if (std::strchr(argp[0], '/') != nullptr) {
      execve(argp[0], argp.data(), envp.data());
    } else {
      execvpe(argp[0], argp.data(), envp.data());
    }
    _exit(127);
  }
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);

  // Feed stdin and drain both outputs together so that no pipe fills up and blocks the child.
  signal(SIGPIPE, SIG_IGN);
  CommandResult result;
  std::size_t written = 0;
  int in_fd = in_pipe[1];
  if (stdin_data.empty()) {
    close(in_fd);
    in_fd = -1;
  }
  bool out_open = true, err_open = true;
  char buffer[65536];
  while (out_open || err_open || in_fd >= 0) {
    pollfd fds[3];
    int n = 0;
    int out_index = -1, err_index = -1, in_index = -1;
    if (out_open) { fds[n] = {out_pipe[0], POLLIN, 0}; out_index = n++; }
    if (err_open) { fds[n] = {err_pipe[0], POLLIN, 0}; err_index = n++; }
    if (in_fd >= 0) { fds[n] = {in_fd, POLLOUT, 0}; in_index = n++; }
    if (poll(fds, static_cast<nfds_t>(n), -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    auto drain = [&](int index, int fd, std::string& sink, bool& open) {
      if (index < 0 || fds[index].revents == 0) return;
      const ssize_t got = read(fd, buffer, sizeof buffer);
      if (got > 0) {
        sink.append(buffer, static_cast<std::size_t>(got));
      } else if (got == 0 || errno != EINTR) {
        open = false;
      }
    };
    drain(out_index, out_pipe[0], result.out, out_open);
    drain(err_index, err_pipe[0], result.err, err_open);
    if (in_index >= 0 && fds[in_index].revents != 0) {
      const ssize_t put = write(in_fd, stdin_data.data() + written, stdin_data.size() - written);
      if (put > 0) written += static_cast<std::size_t>(put);
      if (put < 0 || written == stdin_data.size()) {
        close(in_fd);
        in_fd = -1;
      }
    }
  }
  close(out_pipe[0]);
  close(err_pipe[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

namespace {

// A store path as the child sees it: relative to its working directory.
std::string path_from(const std::string& cwd, const std::string& path) {
  if (path.empty() || path.front() == '/' || cwd.empty()) return path;
  return cwd + "/" + path;
}

// Whether a --db value names a SQLite file (a plain path or sqlite:PATH, not memory, not a URI).
bool is_sqlite_file(const std::string& value) {
  return !value.empty() && value.find("://") == std::string::npos &&
         value.rfind("sqlite:", 0) != 0 && value != ":memory:";
}

// The PostgreSQL pass (test_store.hpp): every SQLite file the command would open, given by
// --db, CIIE_DB or the default ciie.db of its working directory, becomes that file's schema on
// the test server.
void on_test_server(std::vector<std::string>& argv, std::map<std::string, std::string>& env,
                    const std::string& cwd) {
  for (std::size_t i = 1; i < argv.size(); ++i) {
    if (argv[i] == "--") break;
    if (argv[i] == "--db" && i + 1 < argv.size() && is_sqlite_file(argv[i + 1])) {
      argv[i + 1] = store_location(path_from(cwd, argv[i + 1]));
      return;
    }
    if (argv[i].rfind("--db=", 0) == 0 && is_sqlite_file(argv[i].substr(5))) {
      argv[i] = "--db=" + store_location(path_from(cwd, argv[i].substr(5)));
      return;
    }
  }
  std::string& db = env["CIIE_DB"];
  if (db == "\x01unset" || db.empty()) {
    db = store_location(path_from(cwd.empty() ? "." : cwd, "ciie.db"));
  } else if (is_sqlite_file(db)) {
    db = store_location(path_from(cwd, db));
  }
}

}  // namespace

CommandResult run_ciie(const std::vector<std::string>& args, const std::string& stdin_data,
                       const std::map<std::string, std::string>& env, const std::string& cwd) {
  std::map<std::string, std::string> clean = {
      {"CIIE_DB", "\x01unset"},    {"CIIE_CONFIG", "\x01unset"}, {"CIIE_ACTOR", "\x01unset"},
      {"CIIE_NOW", "\x01unset"},   {"CIIE_TOKEN", "\x01unset"},
  };
  for (const auto& [key, value] : env) clean[key] = value;
  std::vector<std::string> argv{CIIE_CLI_PATH};
  argv.insert(argv.end(), args.begin(), args.end());
  if (testing_postgres()) on_test_server(argv, clean, cwd);
  return run_command(argv, stdin_data, clean, cwd);
}

}  // namespace ciie::test
