#include "manifest.hpp"

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "sha256.hpp"

namespace ciie::datagen {

FileEntry file_entry(const std::string& path, std::int64_t rows) {
  FileEntry e;
  e.rows = rows;
  e.bytes = static_cast<std::int64_t>(std::filesystem::file_size(path));
  e.sha256 = sha256_of_file(path);
  return e;
}

void write_manifest(const Manifest& manifest, const std::string& path) {
  nlohmann::json files = nlohmann::json::object();
  for (const auto& [name, e] : manifest.files) {
    files[name] = {{"rows", e.rows}, {"bytes", e.bytes}, {"sha256", e.sha256}};
    if (e.files != 1) files[name]["files"] = e.files;
  }
  const nlohmann::json doc = {{"generator", "ciie_datagen"},
                              {"seed", manifest.seed},
                              {"scale", manifest.scale},
                              {"files", files},
                              {"summary", manifest.summary}};
  std::ofstream out(path, std::ios::binary);
  out << doc.dump(2) << '\n';
  out.close();
  if (!out) throw std::runtime_error("cannot write " + path);
}

}  // namespace ciie::datagen
