package dev.mcpgate.core.internal.upstream;

import java.net.IDN;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Normalizes DNS names so that a policy entry and a URL host that name the same host compare
 * equal: ASCII (IDN labels in punycode, via {@link IDN}), lower case, no trailing dot. Stateless.
 */
public final class HostName {

  private HostName() {}

  /**
   * Normalizes a host that is not bracketed.
   *
   * @param host the host as written, possibly with non-ASCII characters and one trailing dot
   * @return the normalized ASCII host (a name or an IPv4 form, not yet told apart), or null
   *     when it is not a syntactically valid host
   */
  public static @Nullable String normalize(String host) {
    if (host.isEmpty() || host.length() > 253 + 1) {
      return null;
    }
    String ascii;
    try {
      // IDN also folds full-width digits and dots, so "１２７．０．０．１" becomes an IPv4 form here.
      ascii = IDN.toASCII(host, IDN.USE_STD3_ASCII_RULES);
    } catch (IllegalArgumentException e) {
      return null;
    }
    ascii = ascii.toLowerCase(Locale.ROOT);
    if (ascii.endsWith(".")) {
      ascii = ascii.substring(0, ascii.length() - 1);
    }
    if (ascii.isEmpty() || ascii.length() > 253) {
      return null;
    }
    for (String label : ascii.split("\\.", -1)) {
      if (!isLabel(label)) {
        return null;
      }
    }
    return ascii;
  }

  /** RFC 1123 letters, digits and hyphens, 1 to 63 of them, no hyphen at either end. */
  private static boolean isLabel(String label) {
    if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
      return false;
    }
    for (int i = 0; i < label.length(); i++) {
      char c = label.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
        return false;
      }
    }
    return true;
  }
}
