package dev.mcpgate.core.upstream;

/**
 * What kind of destination an IP address is, for deciding whether the gateway may connect to
 * it. IPv6 forms that embed an IPv4 address (mapped, compatible, 6to4, Teredo, NAT64) take the
 * class of the embedded address when that is not {@link #PUBLIC}, so no encoding of a refused
 * IPv4 address passes. Immutable and thread-safe.
 */
public enum AddressClass {
  /** A globally routable unicast address. */
  PUBLIC(false),
  /** 127.0.0.0/8 and ::1; allowed only with {@link TargetPolicy.Builder#allowLoopback()}. */
  LOOPBACK(false),
  /**
   * 10/8, 172.16/12, 192.168/16, carrier-grade NAT 100.64/10, IPv6 unique local fc00::/7 and
   * site-local fec0::/10; allowed only with {@link TargetPolicy.Builder#allowPrivateNetworks()}.
   */
  PRIVATE(false),
  /** 169.254/16 and fe80::/10; allowed only with {@link TargetPolicy.Builder#allowLinkLocal()}. */
  LINK_LOCAL(false),
  /**
   * Cloud instance metadata services: 169.254.169.254, 169.254.170.2, fd00:ec2::254 and
   * 100.100.100.200; allowed only with {@link TargetPolicy.Builder#allowMetadata()}, never by
   * the link-local or private opt-ins.
   */
  METADATA(false),
  /** "This network" 0.0.0.0/8 and the unspecified address ::; always refused. */
  UNSPECIFIED(true),
  /** 224.0.0.0/4 and ff00::/8; always refused. */
  MULTICAST(true),
  /** 255.255.255.255; always refused. */
  BROADCAST(true),
  /**
   * Addresses that are not a real unicast destination: 240.0.0.0/4, 192.0.0.0/24,
   * documentation and benchmarking ranges, 2001:db8::/32, the discard prefix 100::/64 and the
   * rest of ::/8; always refused.
   */
  RESERVED(true);

  private final boolean alwaysRefused;

  AddressClass(boolean alwaysRefused) {
    this.alwaysRefused = alwaysRefused;
  }

  /**
   * Whether no policy can allow this class.
   *
   * @return true for unspecified, multicast, broadcast and reserved addresses
   */
  public boolean alwaysRefused() {
    return alwaysRefused;
  }

  /**
   * Classifies an address.
   *
   * @param address 4 (IPv4) or 16 (IPv6) bytes in network order
   * @return the class
   * @throws IllegalArgumentException if the length is neither 4 nor 16
   */
  public static AddressClass of(byte[] address) {
    if (address.length == 4) {
      return ofIpv4(u32(address, 0));
    }
    if (address.length == 16) {
      return ofIpv6(address);
    }
    throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + address.length);
  }

  private static AddressClass ofIpv4(long a) {
    if (a == 0xA9FEA9FEL || a == 0xA9FEAA02L || a == 0x646464C8L) {
      return METADATA;
    }
    if (in(a, 0x00000000L, 8)) {
      return UNSPECIFIED;
    }
    if (in(a, 0x7F000000L, 8)) {
      return LOOPBACK;
    }
    if (in(a, 0x0A000000L, 8) || in(a, 0xAC100000L, 12) || in(a, 0xC0A80000L, 16)
        || in(a, 0x64400000L, 10)) {
      return PRIVATE;
    }
    if (in(a, 0xA9FE0000L, 16)) {
      return LINK_LOCAL;
    }
    if (in(a, 0xE0000000L, 4)) {
      return MULTICAST;
    }
    if (a == 0xFFFFFFFFL) {
      return BROADCAST;
    }
    if (in(a, 0xF0000000L, 4) || in(a, 0xC0000000L, 24) || in(a, 0xC0000200L, 24)
        || in(a, 0xC6336400L, 24) || in(a, 0xCB007100L, 24) || in(a, 0xC6120000L, 15)) {
      return RESERVED;
    }
    return PUBLIC;
  }

  private static AddressClass ofIpv6(byte[] b) {
    int word0 = u16(b, 0);
    int word1 = u16(b, 2);
    if (zero(b, 0, 10)) {
      int word5 = u16(b, 10);
      if (word5 == 0xFFFF) {
        return ofIpv4(u32(b, 12)); // ::ffff:a.b.c.d, IPv4-mapped: it is that IPv4 address
      }
      if (word5 == 0) {
        long low = u32(b, 12);
        if (low == 0) {
          return UNSPECIFIED;
        }
        if (low == 1) {
          return LOOPBACK;
        }
        return embedded(ofIpv4(low), RESERVED); // ::a.b.c.d, deprecated IPv4-compatible
      }
    }
    if (zero(b, 0, 8) && u16(b, 8) == 0xFFFF && u16(b, 10) == 0) {
      return embedded(ofIpv4(u32(b, 12)), RESERVED); // ::ffff:0:a.b.c.d, SIIT translated
    }
    if ((word0 == 0x0064 && word1 == 0xFF9B && zero(b, 4, 8))
        || (word0 == 0x0064 && word1 == 0xFF9B && u16(b, 4) == 0x0001)) {
      return embedded(ofIpv4(u32(b, 12)), PUBLIC); // NAT64, well-known and local-use prefixes
    }
    if (word0 == 0x2002) {
      return embedded(ofIpv4(u32(b, 2)), PUBLIC); // 6to4 carries the IPv4 address in bits 16-47
    }
    if (word0 == 0x2001 && word1 == 0x0000) {
      // Teredo: the server's address, and the client's address with every bit inverted.
      AddressClass server = ofIpv4(u32(b, 4));
      AddressClass client = ofIpv4(~u32(b, 12) & 0xFFFFFFFFL);
      return embedded(server, embedded(client, PUBLIC));
    }
    if ((b[0] & 0xFF) == 0xFF) {
      return MULTICAST;
    }
    if (word0 == 0xFD00 && word1 == 0x0EC2 && zero(b, 4, 14) && u16(b, 14) == 0x0254) {
      return METADATA;
    }
    if ((word0 & 0xFFC0) == 0xFE80) {
      return LINK_LOCAL;
    }
    if ((word0 & 0xFFC0) == 0xFEC0 || (word0 & 0xFE00) == 0xFC00) {
      return PRIVATE;
    }
    if ((word0 == 0x2001 && word1 == 0x0DB8) || (word0 == 0x0100 && zero(b, 2, 8))
        || b[0] == 0) {
      return RESERVED;
    }
    return PUBLIC;
  }

  private static AddressClass embedded(AddressClass inner, AddressClass whenPublic) {
    return inner == PUBLIC ? whenPublic : inner;
  }

  private static boolean in(long address, long network, int prefix) {
    long mask = (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    return (address & mask) == network;
  }

  private static boolean zero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static int u16(byte[] b, int i) {
    return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
  }

  private static long u32(byte[] b, int i) {
    return ((long) u16(b, i) << 16) | u16(b, i + 2);
  }
}
