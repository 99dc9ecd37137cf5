package dev.mcpgate.core.upstream;

import dev.mcpgate.core.internal.upstream.IpLiteral;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which class each kind of address falls in, including range boundaries and IPv6 embeddings. */
class AddressClassTest {

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "8.8.8.8, PUBLIC",
    "1.1.1.1, PUBLIC",
    "127.0.0.1, LOOPBACK",
    "127.255.255.254, LOOPBACK",
    "10.0.0.0, PRIVATE",
    "10.255.255.255, PRIVATE",
    "11.0.0.0, PUBLIC",
    "9.255.255.255, PUBLIC",
    "172.15.255.255, PUBLIC",
    "172.16.0.0, PRIVATE",
    "172.31.255.255, PRIVATE",
    "172.32.0.0, PUBLIC",
    "192.168.0.1, PRIVATE",
    "192.168.255.255, PRIVATE",
    "192.169.0.0, PUBLIC",
    "100.63.255.255, PUBLIC",
    "100.64.0.0, PRIVATE",
    "100.127.255.255, PRIVATE",
    "100.128.0.0, PUBLIC",
    "169.254.0.1, LINK_LOCAL",
    "169.254.169.254, METADATA",
    "169.254.170.2, METADATA",
    "100.100.100.200, METADATA",
    "0.0.0.0, UNSPECIFIED",
    "0.1.2.3, UNSPECIFIED",
    "224.0.0.1, MULTICAST",
    "239.255.255.255, MULTICAST",
    "240.0.0.1, RESERVED",
    "255.255.255.254, RESERVED",
    "255.255.255.255, BROADCAST",
    "192.0.2.1, RESERVED",
    "198.18.0.1, RESERVED"
  })
  void ipv4AddressesFallInTheirClass(String address, AddressClass expected) {
    assertThat(AddressClass.of(IpLiteral.parseIpv4(address))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "2606:4700::1111, PUBLIC",
    "::1, LOOPBACK",
    "::, UNSPECIFIED",
    "fe80::1, LINK_LOCAL",
    "febf::1, LINK_LOCAL",
    "fc00::1, PRIVATE",
    "fdff::1, PRIVATE",
    "fec0::1, PRIVATE",
    "fd00:ec2::254, METADATA",
    "ff02::1, MULTICAST",
    "2001:db8::1, RESERVED",
    "::ffff:127.0.0.1, LOOPBACK",
    "::ffff:7f00:1, LOOPBACK",
    "::ffff:169.254.169.254, METADATA",
    "::ffff:10.0.0.1, PRIVATE",
    "::ffff:8.8.8.8, PUBLIC",
    "::ffff:0.0.0.0, UNSPECIFIED",
    "::127.0.0.1, LOOPBACK",
    "::8.8.8.8, RESERVED",
    "::ffff:0:127.0.0.1, LOOPBACK",
    "2002:7f00:1::, LOOPBACK",
    "2002:a9fe:a9fe::1, METADATA",
    "2002:808:808::1, PUBLIC",
    "64:ff9b::7f00:1, LOOPBACK",
    "64:ff9b::169.254.169.254, METADATA",
    "64:ff9b::8.8.8.8, PUBLIC",
    "64:ff9b:1::a00:1, PRIVATE",
    "2001:0:4136:e378:8000:63bf:80ff:fffe, LOOPBACK",
    "2001:0:7f00:1::1, LOOPBACK",
    "2001:0:4136:e378:8000:63bf:f7f7:f7f7, PUBLIC",
    "100::1, RESERVED"
  })
  void ipv6AddressesFallInTheirClassAndEmbeddingsTakeTheEmbeddedClass(
      String address, AddressClass expected) {
    assertThat(AddressClass.of(IpLiteral.parseIpv6(address))).isEqualTo(expected);
  }

  @Test
  void classificationReadsTheBytesTheJdkProduces() throws UnknownHostException {
    // A literal, so no lookup: the JDK turns a mapped IPv6 address into an Inet4Address.
    InetAddress mapped = InetAddress.getByName("::ffff:127.0.0.1");

    assertThat(AddressClass.of(mapped.getAddress())).isEqualTo(AddressClass.LOOPBACK);
  }

  @Test
  void onlyUnusableDestinationsAreAlwaysRefused() {
    assertThat(AddressClass.values())
        .filteredOn(AddressClass::alwaysRefused)
        .containsExactlyInAnyOrder(
            AddressClass.UNSPECIFIED,
            AddressClass.MULTICAST,
            AddressClass.BROADCAST,
            AddressClass.RESERVED);
  }

  @Test
  void anAddressHasFourOrSixteenBytes() {
    assertThatThrownBy(() -> AddressClass.of(new byte[5]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
