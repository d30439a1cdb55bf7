// manifest.json: what one run wrote and from what (seed, scale), each file's rows, bytes and
// SHA-256, and the summary figures. No clock and only ordered maps: the same run gives the same
// bytes, so two manifests compare equal exactly when the data does.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace ciie::datagen {

struct FileEntry {
  std::int64_t rows = 0;   // data rows (lines for ciie.toml; all files' rows for persons/)
  std::int64_t bytes = 0;
  std::int64_t files = 1;  // persons/ holds one file per unit
  std::string sha256;
};

struct Manifest {
  std::uint64_t seed = 0;
  double scale = 1.0;
  std::map<std::string, FileEntry> files;
  nlohmann::json summary = nlohmann::json::object();
};

// An entry for a file written by this run: its size and hash are read back from disk.
FileEntry file_entry(const std::string& path, std::int64_t rows);

void write_manifest(const Manifest& manifest, const std::string& path);

}  // namespace ciie::datagen
