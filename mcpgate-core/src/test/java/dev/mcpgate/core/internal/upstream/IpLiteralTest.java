package dev.mcpgate.core.internal.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The numeric host forms the guard recognizes, without asking the platform resolver. */
class IpLiteralTest {

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "127.0.0.1, 127.0.0.1",
    "2130706433, 127.0.0.1",
    "0x7f000001, 127.0.0.1",
    "0x7F000001, 127.0.0.1",
    "017700000001, 127.0.0.1",
    "127.1, 127.0.0.1",
    "127.0.1, 127.0.0.1",
    "0x7f.0.0.1, 127.0.0.1",
    "0177.0.0.1, 127.0.0.1",
    "0x7f.1, 127.0.0.1",
    "0, 0.0.0.0",
    "0.0.0.0, 0.0.0.0",
    "4294967295, 255.255.255.255",
    "169.254.43518, 169.254.169.254",
    "0xa9fea9fe, 169.254.169.254",
    "10.0.0.010, 10.0.0.8",
    "8.8.8.8, 8.8.8.8"
  })
  void inetAtonFormsParseToTheAddressTheyName(String host, String expected) {
    assertThat(IpLiteral.parseIpv4(host)).isNotNull();
    assertThat(IpLiteral.format(IpLiteral.parseIpv4(host))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    "4294967296", "256.0.0.1", "1.256.0.1", "1.2.65536", "1.16777216", "1.2.3.4.5", "1..2",
    ".1", "08", "0x", "0x1g", "09.1.1.1", "0xffffffffff", "99999999999999999999", "1.2.3.256"
  })
  void numericHostsThatAreNoValidFormDoNotParse(String host) {
    assertThat(IpLiteral.parseIpv4(host)).isNull();
  }

  @ParameterizedTest(name = "{0} looks numeric: {1}")
  @CsvSource({
    "127.0.0.1, true",
    "2130706433, true",
    "0x7f000001, true",
    "1.2.3.4.5, true",
    "0x, true",
    "example.com, false",
    "1.2.3.4.nip.io, false",
    "dead.beef, false",
    "0x7f.example, false"
  })
  void aHostWhoseLastLabelIsANumberIsReadAsIpv4(String host, boolean numeric) {
    assertThat(IpLiteral.looksLikeIpv4(host)).isEqualTo(numeric);
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "::, ::",
    "::1, ::1",
    "0:0:0:0:0:0:0:1, ::1",
    "FE80::1, fe80::1",
    "::ffff:127.0.0.1, ::ffff:7f00:1",
    "::ffff:7f00:1, ::ffff:7f00:1",
    "::127.0.0.1, ::7f00:1",
    "64:ff9b::7f00:1, 64:ff9b::7f00:1",
    "2002:7f00:1::, 2002:7f00:1::",
    "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
    "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
    "1:0:0:2:0:0:0:3, 1:0:0:2::3",
    "1:0:0:2:0:0:3:4, 1::2:0:0:3:4"
  })
  void ipv6LiteralsParseAndFormatCanonically(String text, String canonical) {
    assertThat(IpLiteral.parseIpv6(text)).isNotNull();
    assertThat(IpLiteral.format(IpLiteral.parseIpv6(text))).isEqualTo(canonical);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    ":", ":::", "1::2::3", ":1", "1:", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::",
    "::g", "1.2.3.4::", "::1.2.3", "::01.2.3.4", "::256.0.0.1", "1:2:3:4:5:6:7:1.2.3.4",
    "::ffff:0x7f.0.0.1"
  })
  void malformedIpv6DoesNotParse(String text) {
    assertThat(IpLiteral.parseIpv6(text)).isNull();
  }
}
