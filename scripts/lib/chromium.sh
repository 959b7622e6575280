# Debian's headless Chromium and its ChromeDriver, which the live playground's browser test drives
# (playground/src/test/.../LivePageBrowserTest). Source this file, then call vecmlp_require_chromium.

vecmlp_require_chromium() {
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    return 0
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "vecmlp: installing Debian's chromium and chromium-driver with apt-get (the playground's browser test)" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; } || {
      echo "vecmlp: could not install chromium and chromium-driver with apt-get; install them by hand" \
           "(/usr/bin/chromium and /usr/bin/chromedriver)." >&2
      return 1
    }
  else
    echo "vecmlp: the playground's browser test needs /usr/bin/chromium and /usr/bin/chromedriver:" \
         "install Debian's packages chromium and chromium-driver (as root: apt-get install chromium chromium-driver)." >&2
    return 1
  fi
}
