// Passwords from standard input or from a terminal prompt with echo off. The terminal state is
// restored by a guard, and by a signal handler when the user presses Ctrl-C mid-prompt, so an
// interrupted prompt never leaves the shell without echo.
#include "password_input.hpp"

#include <csignal>
#include <cstdio>
#include <iostream>
#include <iterator>
#include <optional>

#include <termios.h>
#include <unistd.h>

namespace ciie::cli {
namespace {

constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

// The terminal settings to restore from the signal handler; only meaningful while echo_off is 1.
struct termios saved_termios;
volatile std::sig_atomic_t echo_off = 0;

extern "C" void restore_and_reraise(int signal_number) {
  if (echo_off != 0) {
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_termios);
    echo_off = 0;
    const char newline = '\n';
    (void)!write(STDERR_FILENO, &newline, 1);
  }
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
}

// Turns echo off for its lifetime (REQUIRES: stdin is a terminal) and installs the handler.
class EchoOff {
 public:
  EchoOff() {
    if (tcgetattr(STDIN_FILENO, &saved_termios) != 0) return;
    struct sigaction action {};
    action.sa_handler = restore_and_reraise;
    sigemptyset(&action.sa_mask);
    for (std::size_t i = 0; i < std::size(kSignals); ++i) {
      sigaction(kSignals[i], &action, &previous_[i]);
    }
    installed_ = true;
    struct termios silent = saved_termios;
    silent.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    silent.c_lflag |= ECHONL;  // the user still sees that Enter was taken
    echo_off = 1;
    active_ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent) == 0;
  }
  ~EchoOff() {
    if (!installed_) return;
    if (echo_off != 0) tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_termios);
    echo_off = 0;
    for (std::size_t i = 0; i < std::size(kSignals); ++i) {
      sigaction(kSignals[i], &previous_[i], nullptr);
    }
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;
  // Whether echo is off now; when false, nothing may be read as a password.
  bool active() const { return active_; }

 private:
  struct sigaction previous_[std::size(kSignals)]{};
  bool installed_ = false;  // the handlers are in place and saved_termios is valid
  bool active_ = false;
};

// The next line of stdin without "\n" or "\r\n"; nullopt at the end of input.
std::optional<std::string> next_line() {
  std::string line;
  if (!std::getline(std::cin, line)) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

Result<std::string> prompt_once(const std::string& label) {
  std::fprintf(stderr, "%s: ", label.c_str());
  std::fflush(stderr);
  std::optional<std::string> line;
  {
    EchoOff guard;
    if (!guard.active()) {
      return Status::invalid_input("usage",
                                   "cannot turn off echo on this terminal; use --password-stdin");
    }
    line = next_line();
  }
  if (!line) return Status::invalid_input("usage", "no password typed (end of input)");
  return *line;
}

Result<std::string> prompt(const PasswordPrompt& what) {
  CIIE_ASSIGN_OR_RETURN(std::string password, prompt_once(what.label));
  if (!what.confirm) return password;
  CIIE_ASSIGN_OR_RETURN(const std::string again, prompt_once(what.label + " (again)"));
  if (again != password) return Status::invalid_input("usage", "the two passwords differ");
  return password;
}

}  // namespace

bool can_prompt_for_password() { return isatty(STDIN_FILENO) == 1; }

Result<std::vector<std::string>> read_passwords(bool from_stdin,
                                                const std::vector<PasswordPrompt>& prompts) {
  std::vector<std::string> passwords;
  if (from_stdin) {
    for (const PasswordPrompt& what : prompts) {
      std::optional<std::string> line = next_line();
      if (!line) {
        return Status::invalid_input(
            "usage", "--password-stdin: standard input ended before the line for: " + what.label);
      }
      passwords.push_back(std::move(*line));
    }
    return passwords;
  }
  if (!can_prompt_for_password()) {
    return Status::invalid_input("usage",
                                 "standard input is not a terminal: give the password with "
                                 "--password-stdin");
  }
  for (const PasswordPrompt& what : prompts) {
    CIIE_ASSIGN_OR_RETURN(std::string password, prompt(what));
    passwords.push_back(std::move(password));
  }
  return passwords;
}

}  // namespace ciie::cli
