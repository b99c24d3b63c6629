# cmake -DIN=file -DOUT=header -DNAME=symbol -P embed.cmake
#
# Writes `static const char NAME[] = {...};` holding the bytes of IN (no
# trailing NUL: use sizeof NAME for the length). The file is inlined into a
# <style> or <script> element of the report, so it must not contain text
# that would end that element early: "</" followed by a letter, or "<!--".
file(READ "${IN}" text)
string(TOLOWER "${text}" lower)
if(lower MATCHES "</[a-z]" OR lower MATCHES "<!--")
  message(FATAL_ERROR "${IN}: contains \"</\" + a letter or \"<!--\", which would end the inline element")
endif()
file(READ "${IN}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" bytes "${bytes}")
file(WRITE "${OUT}.tmp" "/* generated from ${IN} by embed.cmake: do not edit */\nstatic const char ${NAME}[] = {\n${bytes}\n};\n")
file(RENAME "${OUT}.tmp" "${OUT}")
