package dev.mcpgate.core.internal.upstream;

import dev.mcpgate.core.upstream.AddressClass;
import dev.mcpgate.core.upstream.TargetPolicy;
import static dev.mcpgate.core.internal.upstream.FakeResolver.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpgate.core.internal.upstream.CheckedTarget.Allowed;
import dev.mcpgate.core.internal.upstream.CheckedTarget.Refused;
import java.net.Inet6Address;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Gate 7: which upstream URLs the guard lets through, and to which addresses. */
class TargetGuardTest {

  private final FakeResolver dns =
      new FakeResolver()
          .answer("api.example.com", "93.184.216.34")
          .answer("v2.api.example.com", "93.184.216.35")
          .answer("example.com", "93.184.216.34")
          .answer("evil-example.com", "93.184.216.36")
          .answer("localhost", "127.0.0.1", "::1")
          .answer("metadata.google.internal", "169.254.169.254")
          .answer("rebind.attacker.test", "8.8.8.8", "127.0.0.1")
          .answer("intranet.corp", "10.1.2.3")
          .answer("v6.example.com", "2606:4700::1111")
          .answer("xn--bcher-kva.example", "93.184.216.40");

  private final TargetGuard anyHost = guard(TargetPolicy.builder().allowAnyHost());

  private TargetGuard guard(TargetPolicy.Builder policy) {
    return new TargetGuard(policy.build(), dns);
  }

  private static Allowed allowed(CheckedTarget target) {
    assertThat(target).isInstanceOf(Allowed.class);
    return (Allowed) target;
  }

  private static Refused refused(CheckedTarget target) {
    assertThat(target).isInstanceOf(Refused.class);
    return (Refused) target;
  }

  // --- allowed targets -------------------------------------------------------------------------

  @Test
  void anAllowedPublicHostPassesWithTheAddressItWasCheckedAt() {
    TargetGuard guard = guard(TargetPolicy.builder().allowHost("api.example.com"));

    Allowed target = allowed(guard.check(URI.create("https://api.example.com/v1/items?x=1")));

    assertThat(target.addresses()).containsExactly(ip("93.184.216.34"));
    assertThat(target.host()).isEqualTo("api.example.com");
    assertThat(target.port()).isEqualTo(443);
    assertThat(target.uri()).isEqualTo(URI.create("https://api.example.com/v1/items?x=1"));
    assertThat(target.redirects()).isZero();
    assertThat(target.allowed()).isTrue();
  }

  @Test
  void theNameIsResolvedExactlyOnce() {
    anyHost.check(URI.create("https://api.example.com/"));

    assertThat(dns.lookups).containsExactly("api.example.com");
  }

  @Test
  void theSchemesDefaultPortIsUsedWhenTheUrlNamesNone() {
    assertThat(allowed(anyHost.check(URI.create("http://api.example.com/"))).port()).isEqualTo(80);
    assertThat(allowed(anyHost.check(URI.create("https://api.example.com:8443/"))).port())
        .isEqualTo(8443);
  }

  @Test
  void hostNamesCompareCaseInsensitivelyAndWithoutTrailingDot() {
    TargetGuard guard = guard(TargetPolicy.builder().allowHost("API.Example.COM."));

    Allowed target = allowed(guard.check(URI.create("HTTPS://Api.EXAMPLE.com./x")));

    assertThat(target.host()).isEqualTo("api.example.com");
    assertThat(target.uri()).isEqualTo(URI.create("https://api.example.com/x"));
    assertThat(dns.lookups).containsExactly("api.example.com");
  }

  @Test
  void internationalizedHostsCompareInPunycode() {
    TargetGuard guard = guard(TargetPolicy.builder().allowHost("bücher.example"));

    Allowed target = allowed(guard.check("https://BÜCHER.example/katalog"));

    assertThat(target.host()).isEqualTo("xn--bcher-kva.example");
    assertThat(target.uri()).isEqualTo(URI.create("https://xn--bcher-kva.example/katalog"));
    assertThat(allowed(guard.check("https://xn--bcher-kva.example/")).host())
        .isEqualTo("xn--bcher-kva.example");
  }

  @Test
  void aPublicIpv6HostPasses() {
    Allowed target = allowed(anyHost.check(URI.create("https://v6.example.com/")));

    assertThat(target.addresses()).containsExactly(ip("2606:4700::1111"));
  }

  @Test
  void anAllowlistedPublicIpLiteralPassesWithoutAnyLookup() {
    TargetGuard guard = guard(TargetPolicy.builder().allowHost("8.8.8.8").allowHost("[2606:4700::1111]"));

    assertThat(allowed(guard.check(URI.create("https://8.8.8.8/"))).addresses())
        .containsExactly(ip("8.8.8.8"));
    assertThat(allowed(guard.check(URI.create("https://[2606:4700:0::1111]/"))).host())
        .isEqualTo("[2606:4700::1111]");
    assertThat(dns.lookups).isEmpty();
  }

  @Test
  void theDefaultResolverIsNotAskedAboutLiterals() {
    TargetGuard guard = new TargetGuard(TargetPolicy.builder().allowAnyHost().build());

    assertThat(allowed(guard.check(URI.create("https://8.8.8.8/"))).addresses())
        .containsExactly(ip("8.8.8.8"));
    assertThat(refused(guard.check(URI.create("http://127.0.0.1/"))).addressClass())
        .isEqualTo(AddressClass.LOOPBACK);
  }

  // --- host allowlist --------------------------------------------------------------------------

  @ParameterizedTest(name = "{0} allowed: {1}")
  @CsvSource({
    "api.example.com, true",
    "v2.api.example.com, true",
    "example.com, false",
    "evil-example.com, false"
  })
  void aWildcardAllowsSubdomainsOnly(String host, boolean expected) {
    TargetGuard guard = guard(TargetPolicy.builder().allowHost("*.example.com"));

    CheckedTarget target = guard.check(URI.create("https://" + host + "/"));

    assertThat(target.allowed()).isEqualTo(expected);
    if (!expected) {
      assertThat(refused(target).reason()).isEqualTo(RefusalReason.HOST_NOT_ALLOWED);
    }
  }

  @Test
  void aHostNotOnTheAllowlistIsRefusedWithoutBeingResolved() {
    TargetGuard guard = guard(TargetPolicy.builder().allowHost("api.example.com"));

    Refused refused = refused(guard.check(URI.create("https://intranet.corp/")));

    assertThat(refused.reason()).isEqualTo(RefusalReason.HOST_NOT_ALLOWED);
    assertThat(dns.lookups).isEmpty();
  }

  @Test
  void withoutAllowedHostsEverythingIsRefused() {
    TargetGuard guard = guard(TargetPolicy.builder());

    assertThat(refused(guard.check(URI.create("https://api.example.com/"))).reason())
        .isEqualTo(RefusalReason.HOST_NOT_ALLOWED);
  }

  @Test
  void anAllowlistedIpLiteralMatchesEveryNumericSpellingOfIt() {
    TargetGuard guard = guard(TargetPolicy.builder().allowHost("127.0.0.1").allowLoopback());

    assertThat(allowed(guard.check(URI.create("http://2130706433:8080/"))).host())
        .isEqualTo("127.0.0.1");
    assertThat(allowed(guard.check(URI.create("http://2130706433:8080/a?b"))).uri())
        .isEqualTo(URI.create("http://127.0.0.1:8080/a?b"));
  }

  // --- scheme and port -------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ftp://api.example.com/", "file://api.example.com/etc/passwd",
      "gopher://api.example.com:70/", "ws://api.example.com/"})
  void otherSchemesAreRefused(String url) {
    assertThat(refused(anyHost.check(URI.create(url))).reason())
        .isEqualTo(RefusalReason.SCHEME_NOT_ALLOWED);
  }

  @Test
  void aPolicyCanRequireHttps() {
    TargetGuard guard = guard(TargetPolicy.builder().allowAnyHost().allowSchemes("https"));

    assertThat(refused(guard.check(URI.create("http://api.example.com/"))).reason())
        .isEqualTo(RefusalReason.SCHEME_NOT_ALLOWED);
    assertThat(guard.check(URI.create("https://api.example.com/")).allowed()).isTrue();
  }

  @Test
  void aPortOutsideTheAllowedPortsIsRefused() {
    TargetGuard guard = guard(TargetPolicy.builder().allowAnyHost().allowPorts(443));

    assertThat(refused(guard.check(URI.create("https://api.example.com:22/"))).reason())
        .isEqualTo(RefusalReason.PORT_NOT_ALLOWED);
    assertThat(guard.check(URI.create("https://api.example.com/")).allowed()).isTrue();
    assertThat(guard.check(URI.create("https://api.example.com:443/")).allowed()).isTrue();
  }

  @Test
  void anyPortIsAllowedByDefault() {
    assertThat(anyHost.check(URI.create("https://api.example.com:6379/")).allowed()).isTrue();
  }

  // --- address classes -------------------------------------------------------------------------

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "http://127.0.0.1/, LOOPBACK",
    "http://localhost/, LOOPBACK",
    "http://169.254.169.254/latest/meta-data/, METADATA",
    "http://metadata.google.internal/computeMetadata/v1/, METADATA",
    "http://[fd00:ec2::254]/, METADATA",
    "http://100.100.100.200/, METADATA",
    "http://169.254.170.2/, METADATA",
    "http://10.0.0.1/, PRIVATE",
    "http://172.16.0.0/, PRIVATE",
    "http://172.31.255.255/, PRIVATE",
    "http://192.168.1.1/, PRIVATE",
    "http://100.64.0.1/, PRIVATE",
    "http://intranet.corp/, PRIVATE",
    "http://[::1]/, LOOPBACK",
    "http://[fe80::1%25eth0]/, LINK_LOCAL",
    "http://[fe80::1]/, LINK_LOCAL",
    "http://[fe80::1%eth0]/, LINK_LOCAL",
    "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/, LOOPBACK",
    "http://169.254.1.1/, LINK_LOCAL",
    "http://[fc00::1]/, PRIVATE",
    "http://[::ffff:127.0.0.1]/, LOOPBACK",
    "http://[::ffff:7f00:1]/, LOOPBACK",
    "http://[::127.0.0.1]/, LOOPBACK",
    "http://[::ffff:169.254.169.254]/, METADATA",
    "http://[2002:7f00:1::]/, LOOPBACK",
    "http://[64:ff9b::7f00:1]/, LOOPBACK",
    "http://0x7f000001/, LOOPBACK",
    "http://017700000001/, LOOPBACK",
    "http://2130706433/, LOOPBACK",
    "http://127.1/, LOOPBACK",
    "http://127.0.1/, LOOPBACK",
    "http://0x7f.0.0.1/, LOOPBACK",
    "http://0177.0.0.1/, LOOPBACK",
    "http://127.0.0.1./, LOOPBACK",
    "http://0x7f000001./, LOOPBACK",
    "http://0/, UNSPECIFIED",
    "http://0.0.0.0/, UNSPECIFIED",
    "http://[::]/, UNSPECIFIED",
    "http://224.0.0.1/, MULTICAST",
    "http://[ff02::1]/, MULTICAST",
    "http://255.255.255.255/, BROADCAST",
    "http://240.0.0.1/, RESERVED",
    "http://rebind.attacker.test/, LOOPBACK"
  })
  void nonPublicAddressesAreRefusedByDefault(String url, AddressClass expected) {
    Refused refused = refused(anyHost.check(URI.create(url)));

    assertThat(refused.reason()).isEqualTo(RefusalReason.ADDRESS_NOT_ALLOWED);
    assertThat(refused.addressClass()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"http://172.15.255.255/", "http://172.32.0.0/", "http://100.63.255.255/",
      "http://100.128.0.0/", "http://[::ffff:8.8.8.8]/", "http://[64:ff9b::808:808]/"})
  void addressesJustOutsideTheNonPublicRangesPass(String url) {
    assertThat(anyHost.check(URI.create(url)).allowed()).isTrue();
  }

  @Test
  void aNameIsRefusedIfAnyOfItsAddressesIsRefused() {
    Refused refused = refused(anyHost.check(URI.create("https://rebind.attacker.test/")));

    assertThat(refused.addressClass()).isEqualTo(AddressClass.LOOPBACK);
    assertThat(refused.message()).contains("127.0.0.1");
  }

  @Test
  void allowLoopbackLetsLoopbackThroughAndNothingElse() {
    TargetGuard guard = guard(TargetPolicy.builder().allowAnyHost().allowLoopback());

    Allowed local = allowed(guard.check(URI.create("http://localhost:8080/")));
    assertThat(local.addresses()).containsExactly(ip("127.0.0.1"), ip("::1"));
    assertThat(guard.check(URI.create("http://[::1]/")).allowed()).isTrue();
    assertThat(guard.check(URI.create("http://10.0.0.1/")).allowed()).isFalse();
    assertThat(guard.check(URI.create("http://169.254.169.254/")).allowed()).isFalse();
  }

  @Test
  void allowPrivateNetworksLetsPrivateAddressesThroughButNotMetadata() {
    TargetGuard guard = guard(TargetPolicy.builder().allowAnyHost().allowPrivateNetworks());

    assertThat(allowed(guard.check(URI.create("http://intranet.corp/"))).addresses())
        .containsExactly(ip("10.1.2.3"));
    assertThat(guard.check(URI.create("http://[fc00::1]/")).allowed()).isTrue();
    assertThat(guard.check(URI.create("http://100.64.0.1/")).allowed()).isTrue();
    assertThat(refused(guard.check(URI.create("http://100.100.100.200/"))).addressClass())
        .isEqualTo(AddressClass.METADATA);
    assertThat(guard.check(URI.create("http://127.0.0.1/")).allowed()).isFalse();
  }

  @Test
  void allowLinkLocalLetsLinkLocalThroughButNotMetadata() {
    TargetGuard guard = guard(TargetPolicy.builder().allowAnyHost().allowLinkLocal());

    assertThat(guard.check(URI.create("http://169.254.1.1/")).allowed()).isTrue();
    assertThat(guard.check(URI.create("http://[fe80::1]/")).allowed()).isTrue();
    assertThat(refused(guard.check(URI.create("http://169.254.169.254/"))).addressClass())
        .isEqualTo(AddressClass.METADATA);
    assertThat(refused(guard.check(URI.create("http://[fd00:ec2::254]/"))).addressClass())
        .isEqualTo(AddressClass.METADATA);
  }

  @Test
  void allowLinkLocalKeepsANumericZoneIdOnTheAddress() {
    TargetGuard guard = guard(TargetPolicy.builder().allowAnyHost().allowLinkLocal());

    Allowed target = allowed(guard.check(URI.create("http://[fe80::1%253]/")));

    assertThat(target.addresses()).singleElement().isInstanceOf(Inet6Address.class);
    assertThat(((Inet6Address) target.addresses().get(0)).getScopeId()).isEqualTo(3);
    assertThat(target.host()).isEqualTo("[fe80::1]");
  }

  @Test
  void aZoneIdOnANonLinkLocalAddressIsMalformed() {
    TargetGuard guard = guard(TargetPolicy.builder().allowAnyHost());

    assertThat(refused(guard.check(URI.create("http://[2606:4700::1111%25eth0]/"))).reason())
        .isEqualTo(RefusalReason.MALFORMED);
  }

  @Test
  void allowMetadataLetsMetadataThroughOnItsOwn() {
    TargetGuard guard = guard(TargetPolicy.builder().allowAnyHost().allowMetadata());

    assertThat(guard.check(URI.create("http://169.254.169.254/")).allowed()).isTrue();
    assertThat(guard.check(URI.create("http://metadata.google.internal/")).allowed()).isTrue();
    assertThat(guard.check(URI.create("http://169.254.1.1/")).allowed()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"http://0.0.0.0/", "http://[::]/", "http://224.0.0.1/",
      "http://255.255.255.255/", "http://240.0.0.1/", "http://[::ffff:0.0.0.0]/"})
  void someAddressesNoOptInAllows(String url) {
    TargetGuard guard =
        guard(TargetPolicy.builder().allowAnyHost().allowLoopback().allowPrivateNetworks()
            .allowLinkLocal().allowMetadata());

    assertThat(refused(guard.check(URI.create(url))).reason())
        .isEqualTo(RefusalReason.ADDRESS_NOT_ALLOWED);
  }

  // --- malformed and ambiguous URLs ------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    "http://1.2.3.4.5/", "http://256.0.0.1/", "http://4294967296/", "http://08/",
    "http://0x/", "http://1..1/", "http://127.0.0.1../", "http://a_b.example.com/",
    "http://%31%32%37.0.0.1/", "http://[::1/", "http://[v1.x]/", "http://[::1]x/",
    "http://api.example.com:0/", "http://api.example.com:65536/", "http://api.example.com:+80/",
    "http://[::1%25]/", "http://[::1%25eth0]/", "http://[fe80::1%25]/", "http:///path", "http:api.example.com", "/relative/path",
    "http://-api.example.com/", "http://api.example.com:80:80/", "http://::1/",
    "http://1.2.3.example.4/", "http://[::ffff:0x7f.0.0.1]/", "mailto:ops@example.com"
  })
  void ambiguousOrInvalidHostsAreMalformed(String url) {
    Refused refused = refused(anyHost.check(url));

    assertThat(refused.reason()).isEqualTo(RefusalReason.MALFORMED);
    assertThat(dns.lookups).isEmpty();
  }

  @Test
  void fullWidthDigitsAreReadAsTheAddressTheyFoldTo() {
    Refused refused = refused(anyHost.check("http://１２７．０．０．１/"));

    assertThat(refused.addressClass()).isEqualTo(AddressClass.LOOPBACK);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"http://api.example.com\\@127.0.0.1/", "http://api.example.com /",
      "http://api.example.com\t/"})
  void textThatIsNoUriIsMalformed(String url) {
    assertThat(refused(anyHost.check(url)).reason()).isEqualTo(RefusalReason.MALFORMED);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"https://user:hunter2@api.example.com/", "https://api.example.com@127.0.0.1/",
      "https://token@api.example.com/"})
  void userInformationIsRefused(String url) {
    Refused refused = refused(anyHost.check(URI.create(url)));

    assertThat(refused.reason()).isEqualTo(RefusalReason.USERINFO_NOT_ALLOWED);
    assertThat(dns.lookups).isEmpty();
  }

  @Test
  void anUnresolvableNameIsRefused() {
    Refused refused = refused(anyHost.check(URI.create("https://nowhere.example.org/")));

    assertThat(refused.reason()).isEqualTo(RefusalReason.UNRESOLVABLE);
  }

  @Test
  void aResolverAnsweringNothingIsUnresolvable() {
    TargetGuard guard =
        new TargetGuard(TargetPolicy.builder().allowAnyHost().build(), host -> java.util.List.of());

    assertThat(refused(guard.check(URI.create("https://api.example.com/"))).reason())
        .isEqualTo(RefusalReason.UNRESOLVABLE);
  }

  @Test
  void anIpv6LiteralWithAPortPassesWhenItsClassIsAllowed() {
    TargetGuard guard = guard(TargetPolicy.builder().allowHost("[::1]").allowLoopback());

    Allowed target = allowed(guard.check(URI.create("http://[0:0:0:0:0:0:0:1]:8080/x")));

    assertThat(target.port()).isEqualTo(8080);
    assertThat(target.addresses()).containsExactly(ip("::1"));
    assertThat(target.uri()).isEqualTo(URI.create("http://[::1]:8080/x"));
  }

  @Test
  void aResolverThatBreaksIsABugNotARefusal() {
    TargetGuard guard =
        new TargetGuard(
            TargetPolicy.builder().allowAnyHost().build(),
            host -> {
              throw new IllegalStateException("resolver down");
            });

    assertThatThrownBy(() -> guard.check(URI.create("https://api.example.com/")))
        .isInstanceOf(IllegalStateException.class);
  }

  // --- what a refusal says ---------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    "https://user:hunter2@api.example.com/?token=hunter2",
    "http://127.0.0.1/admin?token=hunter2",
    "ftp://api.example.com/?token=hunter2",
    "https://api.example.com:22/?token=hunter2",
    "https://nowhere.example.org/hunter2?token=hunter2",
    "https://rebind.attacker.test/x?token=hunter2#hunter2",
    "http://1.2.3.4.5/?token=hunter2"
  })
  void aRefusalNeverRepeatsUserInformationPathOrQuery(String url) {
    TargetGuard guard = guard(TargetPolicy.builder().allowAnyHost().allowPorts(443, 80));

    Refused refused = refused(guard.check(URI.create(url)));

    assertThat(refused.message()).doesNotContain("hunter2").doesNotContain("token").isNotBlank();
  }

  @Test
  void aRefusalNamesTheNormalizedTarget() {
    Refused refused = refused(anyHost.check(URI.create("http://0x7f000001:8080/x")));

    assertThat(refused.message()).isEqualTo("http://127.0.0.1:8080 is a loopback address");
  }

  // --- redirects -------------------------------------------------------------------------------

  private final TargetGuard followsTwo =
      guard(TargetPolicy.builder().allowHost("*.example.com").maxRedirects(2));

  @Test
  void redirectsAreNotFollowedByDefault() {
    TargetGuard guard = guard(TargetPolicy.builder().allowHost("*.example.com"));
    Allowed first = allowed(guard.check(URI.create("https://api.example.com/a")));

    Refused refused = refused(guard.checkRedirect(first, "https://api.example.com/b"));

    assertThat(refused.reason()).isEqualTo(RefusalReason.TOO_MANY_REDIRECTS);
  }

  @Test
  void aRelativeRedirectResolvesAgainstTheTargetThatSentIt() {
    Allowed first = allowed(followsTwo.check(URI.create("https://api.example.com/a/b?q=1")));

    Allowed next = allowed(followsTwo.checkRedirect(first, "../c?d=2"));

    assertThat(next.uri()).isEqualTo(URI.create("https://api.example.com/c?d=2"));
    assertThat(next.redirects()).isEqualTo(1);
    assertThat(next.addresses()).containsExactly(ip("93.184.216.34"));
  }

  @Test
  void aRelativeRedirectFromAUrlWithoutPathStaysOnTheSameHost() {
    Allowed first = allowed(followsTwo.check(URI.create("https://api.example.com?q=1")));

    Allowed next = allowed(followsTwo.checkRedirect(first, "next"));

    assertThat(first.uri()).isEqualTo(URI.create("https://api.example.com/?q=1"));
    assertThat(next.uri()).isEqualTo(URI.create("https://api.example.com/next"));
  }

  @Test
  void aRedirectToARefusedHostIsRefused() {
    TargetGuard guard =
        guard(TargetPolicy.builder().allowAnyHost().maxRedirects(5));
    Allowed first = allowed(guard.check(URI.create("https://api.example.com/")));

    Refused toMetadata = refused(guard.checkRedirect(first, "https://169.254.169.254/latest/"));
    Refused toLocalhost = refused(guard.checkRedirect(first, URI.create("//localhost/")));

    assertThat(toMetadata.addressClass()).isEqualTo(AddressClass.METADATA);
    assertThat(toLocalhost.addressClass()).isEqualTo(AddressClass.LOOPBACK);
  }

  @Test
  void aRedirectOffTheAllowlistIsRefused() {
    Allowed first = allowed(followsTwo.check(URI.create("https://api.example.com/")));

    assertThat(refused(followsTwo.checkRedirect(first, "https://intranet.corp/")).reason())
        .isEqualTo(RefusalReason.HOST_NOT_ALLOWED);
  }

  @Test
  void aRedirectFromHttpsToHttpIsRefused() {
    Allowed first = allowed(followsTwo.check(URI.create("https://api.example.com/")));

    assertThat(refused(followsTwo.checkRedirect(first, "http://api.example.com/")).reason())
        .isEqualTo(RefusalReason.SCHEME_NOT_ALLOWED);
  }

  @Test
  void aRedirectWithUserInformationIsRefused() {
    Allowed first = allowed(followsTwo.check(URI.create("https://api.example.com/")));

    Refused refused = refused(followsTwo.checkRedirect(first, "https://u:hunter2@api.example.com/"));

    assertThat(refused.reason()).isEqualTo(RefusalReason.USERINFO_NOT_ALLOWED);
    assertThat(refused.message()).doesNotContain("hunter2");
  }

  @Test
  void anUnparsableRedirectLocationIsMalformed() {
    Allowed first = allowed(followsTwo.check(URI.create("https://api.example.com/")));

    assertThat(refused(followsTwo.checkRedirect(first, "https://a b/")).reason())
        .isEqualTo(RefusalReason.MALFORMED);
  }

  @Test
  void theRedirectBoundCountsHops() {
    Allowed first = allowed(followsTwo.check(URI.create("https://api.example.com/1")));
    Allowed second = allowed(followsTwo.checkRedirect(first, "/2"));
    Allowed third = allowed(followsTwo.checkRedirect(second, "/3"));

    Refused fourth = refused(followsTwo.checkRedirect(third, "/4"));

    assertThat(third.redirects()).isEqualTo(2);
    assertThat(fourth.reason()).isEqualTo(RefusalReason.TOO_MANY_REDIRECTS);
  }
}
