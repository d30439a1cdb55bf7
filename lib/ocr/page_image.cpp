// PageImage: decoding and the page-level preprocessing with Leptonica. Every Pix is owned by a
// PixPtr (or the shared page), so no path leaks one. Why each step: docs/ocr.md.
#include "ocr/page_image.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include <leptonica/allheaders.h>

namespace ciie::ocr {

void PixDeleter::operator()(Pix* pix) const { pixDestroy(&pix); }

namespace {

// The working width: licences are printed with ~21 px values on a 1280 px scan; Tesseract's
// models read such sizes best, and a 800 px scan (13 px characters) loses most Chinese glyphs.
constexpr int kMinWidth = 1200;
constexpr int kTargetWidth = 1280;
constexpr int kMaxWidth = 1700;
constexpr double kMaxEnlargement = 2.0;
constexpr l_int32 kSkewThreshold = 130;
constexpr l_float32 kMinSkewConfidence = 1.5F;
constexpr l_float32 kMinSkewDegrees = 0.1F;

struct BoxDeleter {
  void operator()(::Box* box) const { boxDestroy(&box); }
};
using BoxPtr = std::unique_ptr<::Box, BoxDeleter>;

Result<PixPtr> decode(std::string_view bytes) {
  const auto* data = reinterpret_cast<const l_uint8*>(bytes.data());
  l_int32 format = IFF_UNKNOWN;
  if (bytes.size() < 12 || findFileFormatBuffer(data, &format) != 0 || format == IFF_UNKNOWN) {
    return Status::refused("licence.format", "the scan is not an image Leptonica can decode");
  }
  PixPtr pix(pixReadMem(data, bytes.size()));
  if (!pix) return Status::refused("licence.format", "the scan could not be decoded");
  return pix;
}

// 8-bit grey: the red channel with `red_only` (hides the red seal and red watermarks), else
// luminance. Colormapped and 1/2/4/16-bit images are converted first.
PixPtr to_grey(Pix* pix, bool red_only) {
  PixPtr full;
  if (pixGetColormap(pix) != nullptr) {
    full.reset(pixRemoveColormap(pix, REMOVE_CMAP_TO_FULL_COLOR));
    if (!full) return nullptr;
    pix = full.get();
  }
  if (pixGetDepth(pix) == 32) {
    return PixPtr(red_only ? pixGetRGBComponent(pix, COLOR_RED) : pixConvertRGBToLuminance(pix));
  }
  if (pixGetDepth(pix) == 8) return PixPtr(pixClone(pix));
  return PixPtr(pixConvertTo8(pix, 0));
}

double working_scale(int width) {
  if (width < kMinWidth) {
    return std::min(kMaxEnlargement, static_cast<double>(kTargetWidth) / width);
  }
  if (width > kMaxWidth) return static_cast<double>(kMaxWidth) / width;
  return 1.0;
}

PixPtr rescale(Pix* grey, double scale) {
  if (scale == 1.0) return PixPtr(pixClone(grey));
  const auto factor = static_cast<l_float32>(scale);
  // Linear interpolation enlarging; area-mapping (anti-aliased) reducing.
  return PixPtr(scale > 1.0 ? pixScaleGrayLI(grey, factor, factor)
                            : pixScaleAreaMap(grey, factor, factor));
}

// The skew of the text lines, measured on two binarisations (a fixed threshold, which suits even
// light, and adaptive Otsu, which suits uneven light); the more confident one is used. Rotated
// scans (up to ~5°) break Tesseract's line finding and cut the ends off the code line.
PixPtr deskew(Pix* grey) {
  struct Estimate {
    l_float32 angle = 0.0F;
    l_float32 confidence = 0.0F;
  };
  auto measure = [](Pix* binary) {
    Estimate estimate;
    if (binary == nullptr || pixFindSkew(binary, &estimate.angle, &estimate.confidence) != 0) {
      return Estimate{};
    }
    return estimate;
  };
  PixPtr fixed(pixConvertTo1(grey, kSkewThreshold));
  Pix* adaptive_raw = nullptr;
  pixOtsuAdaptiveThreshold(grey, 2000, 2000, 0, 0, 0.0F, nullptr, &adaptive_raw);
  PixPtr adaptive(adaptive_raw);
  const Estimate a = measure(fixed.get());
  const Estimate b = measure(adaptive.get());
  const Estimate& best = a.confidence >= b.confidence ? a : b;
  // Leptonica's own deskew wants a confidence of 3; noisy scans measure 1.5–2.5 with the right
  // angle (checked against the rotation the test scans were made with).
  if (best.confidence < kMinSkewConfidence || std::fabs(best.angle) < kMinSkewDegrees) {
    return nullptr;
  }
  constexpr l_float32 kRadiansPerDegree = 3.14159265F / 180.0F;
  return PixPtr(
      pixRotate(grey, kRadiansPerDegree * best.angle, L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0));
}

}  // namespace

PageImage::PageImage(PixPtr pix, PixPtr flat, double scale)
    : pix_(pix.release(), PixDeleter{}),
      flat_(flat ? std::shared_ptr<Pix>(flat.release(), PixDeleter{}) : pix_),
      width_(static_cast<int>(pixGetWidth(pix_.get()))),
      height_(static_cast<int>(pixGetHeight(pix_.get()))),
      scale_(scale) {}

Result<PageImage> PageImage::prepare(std::string_view bytes, bool preprocess) {
  auto decoded = decode(bytes);
  if (!decoded) return std::move(decoded).take_status();
  PixPtr grey = to_grey(decoded->get(), preprocess);
  if (!grey) return Status::refused("licence.format", "the scan's pixel format is not supported");
  if (!preprocess) return PageImage(std::move(grey), nullptr, 1.0);

  const double scale = working_scale(static_cast<int>(pixGetWidth(grey.get())));
  PixPtr scaled = rescale(grey.get(), scale);
  if (!scaled) return Status::refused("licence.format", "the scan could not be rescaled");

  PixPtr deskewed = deskew(scaled.get());
  if (!deskewed) deskewed = std::move(scaled);
  // Uneven light (a phone photo, a shadow) leaves half the page under any global threshold, so
  // the page pass and the code line read a copy with the background flattened. The Chinese
  // fields are read from the unflattened page: on small crops Otsu adapts by itself, and the
  // flattening costs clean scans a tenth of their names (measured on the development set).
  PixPtr flat(pixBackgroundNormSimple(deskewed.get(), nullptr, nullptr));
  return PageImage(std::move(deskewed), std::move(flat), scale);
}

PixPtr PageImage::crop(Box box, double factor, int border, Layer layer) const {
  box.left = std::max(box.left, 0);
  box.top = std::max(box.top, 0);
  box.right = std::min(box.right, width_);
  box.bottom = std::min(box.bottom, height_);
  if (box.empty()) return nullptr;
  BoxPtr clip(boxCreate(box.left, box.top, box.width(), box.height()));
  Pix* source = layer == Layer::kFlattened ? flat_.get() : pix_.get();
  PixPtr cropped(pixClipRectangle(source, clip.get(), nullptr));
  if (!cropped) return nullptr;
  const auto f = static_cast<l_float32>(factor);
  PixPtr scaled(factor > 1.0 ? pixScaleGrayLI(cropped.get(), f, f) : pixClone(cropped.get()));
  if (!scaled) return nullptr;
  return PixPtr(pixAddBorder(scaled.get(), border, 255));
}

}  // namespace ciie::ocr
