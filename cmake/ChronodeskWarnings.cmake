# One INTERFACE target carries our warning flags and Qt hygiene defines.
add_library(chronodesk_warnings INTERFACE)
target_compile_options(chronodesk_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough)
if(CHRONODESK_WERROR)
  target_compile_options(chronodesk_warnings INTERFACE -Werror)
endif()
target_compile_definitions(chronodesk_warnings INTERFACE
  QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_USE_QSTRINGBUILDER QT_NO_FOREACH
  QT_NO_KEYWORDS)

if(CHRONODESK_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
