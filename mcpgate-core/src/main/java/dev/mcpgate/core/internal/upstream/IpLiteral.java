package dev.mcpgate.core.internal.upstream;

import org.jspecify.annotations.Nullable;

/**
 * Strict parsers for the textual IP address forms a URL host can take, written here rather than
 * left to the platform resolver so the guard knows which address a host names before anything
 * connects. Stateless.
 */
public final class IpLiteral {

  private IpLiteral() {}

  /**
   * Whether a host must be read as an IPv4 address rather than a DNS name: its last label is all
   * decimal digits or a {@code 0x} hexadecimal number, the rule URL parsers and {@code
   * inet_aton} agree on. Such a host that {@link #parseIpv4} rejects is malformed, never a name.
   *
   * @param host a lower-case ASCII host without a trailing dot
   */
  public static boolean looksLikeIpv4(String host) {
    String last = host.substring(host.lastIndexOf('.') + 1);
    if (last.isEmpty()) {
      return true;
    }
    if (last.startsWith("0x")) {
      return last.length() == 2 || isHex(last, 2);
    }
    for (int i = 0; i < last.length(); i++) {
      if (!isDigit(last.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Parses the IPv4 forms {@code inet_aton} accepts: one to four parts, each decimal, octal
   * (leading {@code 0}) or hexadecimal ({@code 0x}); the last part fills the remaining bytes, so
   * {@code 127.1}, {@code 2130706433}, {@code 0x7f000001} and {@code 017700000001} are all
   * 127.0.0.1.
   *
   * @param host a lower-case ASCII host without a trailing dot
   * @return the four bytes, or null when the host is not exactly one of these forms
   */
  public static byte @Nullable [] parseIpv4(String host) {
    String[] parts = host.split("\\.", -1);
    if (parts.length > 4) {
      return null;
    }
    long value = 0;
    for (int i = 0; i < parts.length; i++) {
      long part = parseIpv4Part(parts[i]);
      boolean last = i == parts.length - 1;
      long max = last ? (1L << (8 * (4 - i))) - 1 : 255;
      if (part < 0 || part > max) {
        return null;
      }
      value = last ? value | part : value | (part << (8 * (3 - i)));
    }
    return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8),
        (byte) value};
  }

  /** The part's value, or -1 when it is not a number; -1 too past 32 bits, to bound the work. */
  private static long parseIpv4Part(String part) {
    int radix = 10;
    String digits = part;
    if (part.startsWith("0x")) {
      radix = 16;
      digits = part.substring(2);
    } else if (part.length() > 1 && part.charAt(0) == '0') {
      radix = 8;
      digits = part.substring(1);
    }
    if (digits.isEmpty()) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < digits.length(); i++) {
      int digit = Character.digit(digits.charAt(i), radix);
      if (digit < 0 || !isAsciiAlphanumeric(digits.charAt(i))) {
        return -1;
      }
      value = value * radix + digit;
      if (value > 0xFFFFFFFFL) {
        return -1;
      }
    }
    return value;
  }

  /**
   * Parses an RFC 4291 IPv6 address: up to eight groups of one to four hex digits, at most one
   * {@code ::}, optionally ending in a dotted-decimal IPv4 address. No zone id.
   *
   * @param text the address without brackets, in any case
   * @return the sixteen bytes, or null when the text is not exactly such an address
   */
  public static byte @Nullable [] parseIpv6(String text) {
    if (text.length() < 2 || text.length() > 45) {
      return null;
    }
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    byte[] head = gap < 0 ? parseGroups(text, true) : parseGroups(text.substring(0, gap), false);
    byte[] tail = gap < 0 ? new byte[0] : parseGroups(text.substring(gap + 2), true);
    if (head == null || tail == null) {
      return null;
    }
    int filled = head.length + tail.length;
    if (gap < 0 ? filled != 16 : filled > 14) {
      return null;
    }
    byte[] address = new byte[16];
    System.arraycopy(head, 0, address, 0, head.length);
    System.arraycopy(tail, 0, address, 16 - tail.length, tail.length);
    return address;
  }

  /** Colon-separated groups, the last of which may be dotted IPv4; empty text is no groups. */
  private static byte @Nullable [] parseGroups(String text, boolean ipv4Last) {
    if (text.isEmpty()) {
      return new byte[0];
    }
    String[] groups = text.split(":", -1);
    byte[] bytes = new byte[groups.length * 2 + 2];
    int length = 0;
    for (int i = 0; i < groups.length; i++) {
      String group = groups[i];
      if (ipv4Last && i == groups.length - 1 && group.indexOf('.') >= 0) {
        byte[] ipv4 = parseDottedQuad(group);
        if (ipv4 == null) {
          return null;
        }
        System.arraycopy(ipv4, 0, bytes, length, 4);
        length += 4;
      } else {
        if (group.isEmpty() || group.length() > 4 || !isHex(group, 0)) {
          return null;
        }
        int value = Integer.parseInt(group, 16);
        bytes[length++] = (byte) (value >>> 8);
        bytes[length++] = (byte) value;
      }
      if (length > 16) {
        return null;
      }
    }
    byte[] result = new byte[length];
    System.arraycopy(bytes, 0, result, 0, length);
    return result;
  }

  /** Exactly four decimal parts 0-255 without leading zeros, as RFC 4291 requires inside IPv6. */
  private static byte @Nullable [] parseDottedQuad(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      String part = parts[i];
      if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
        return null;
      }
      for (int j = 0; j < part.length(); j++) {
        if (!isDigit(part.charAt(j))) {
          return null;
        }
      }
      int value = Integer.parseInt(part);
      if (value > 255) {
        return null;
      }
      bytes[i] = (byte) value;
    }
    return bytes;
  }

  /**
   * The canonical text of an address: dotted decimal for IPv4, RFC 5952 for IPv6 (lower case,
   * the longest run of two or more zero groups compressed), without brackets.
   *
   * @param address 4 or 16 bytes
   */
  public static String format(byte[] address) {
    if (address.length == 4) {
      return (address[0] & 0xFF) + "." + (address[1] & 0xFF) + "." + (address[2] & 0xFF) + "."
          + (address[3] & 0xFF);
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((address[2 * i] & 0xFF) << 8) | (address[2 * i + 1] & 0xFF);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder text = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    return text.toString();
  }

  private static boolean isHex(String text, int from) {
    if (text.length() <= from) {
      return false;
    }
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!isDigit(c) && !(c >= 'a' && c <= 'f') && !(c >= 'A' && c <= 'F')) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isAsciiAlphanumeric(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
