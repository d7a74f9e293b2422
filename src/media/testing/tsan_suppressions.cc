// ThreadSanitizer suppressions for binaries that run libvips: libvips, GLib and the codecs its
// workers call are not instrumented and hand buffers over with futex-based GMutex/GCond, which
// TSan cannot see, so those hand-offs look like races. Link into such a binary; no state.
#if defined(__SANITIZE_THREAD__)
#define PORTCULLIS_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define PORTCULLIS_TSAN 1
#endif
#endif

#ifdef PORTCULLIS_TSAN
extern "C" const char* __tsan_default_suppressions() {
  return "called_from_lib:libvips.so.42\n"
         "called_from_lib:libglib-2.0.so.0\n"
         "called_from_lib:libgobject-2.0.so.0\n"
         "called_from_lib:libgio-2.0.so.0\n"
         "called_from_lib:liborc-0.4.so.0\n"
         "called_from_lib:libz.so.1\n"
         "called_from_lib:libpng16.so.16\n"
         "called_from_lib:libjpeg.so.62\n"
         "called_from_lib:libwebp.so.7\n"
         "called_from_lib:libwebpmux.so.3\n"
         "called_from_lib:libwebpdemux.so.2\n"
         "called_from_lib:libsharpyuv.so.0\n"
         "called_from_lib:libexif.so.12\n"
         "called_from_lib:libimagequant.so.0\n"
         "called_from_lib:libcgif.so.0\n"
         "called_from_lib:liblcms2.so.2\n"
         "called_from_lib:libgomp.so.1\n"
         "race:libvips.so.42\n"
         "race:libglib-2.0.so.0\n"
         "race:libgobject-2.0.so.0\n"
         "race:libgio-2.0.so.0\n"
         "race:liborc-0.4.so.0\n"
         "race:libz.so.1\n"
         "race:libpng16.so.16\n"
         "race:libjpeg.so.62\n"
         "race:libwebp.so.7\n"
         "race:libwebpmux.so.3\n"
         "race:libwebpdemux.so.2\n"
         "race:libsharpyuv.so.0\n"
         "race:libexif.so.12\n"
         "race:libimagequant.so.0\n"
         "race:libcgif.so.0\n"
         "race:liblcms2.so.2\n"
         "race:libgomp.so.1\n";
}
#endif
