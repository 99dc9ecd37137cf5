package dev.mcpgate.core.internal.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.Secret;
import dev.mcpgate.core.upstream.HttpUpstream;
import dev.mcpgate.core.upstream.Headers;
import dev.mcpgate.core.upstream.UpstreamRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretMaterialTest {

  private static CredentialBinding binding(AuthKind kind) {
    return CredentialBinding.of("b", kind, "memory:b");
  }

  @Test
  void eachCookieValueOfASessionIsSecretOnItsOwn() {
    List<String> values = SecretMaterial.of(binding(AuthKind.COOKIE),
        Secret.of("SESSIONID=0123456789abcdef; csrf=\"fedcba9876543210\""));

    assertThat(values).contains("0123456789abcdef", "fedcba9876543210");
  }

  @Test
  void basicAuthCountsEachPartThePairAndTheToken() {
    List<String> values = SecretMaterial.of(binding(AuthKind.BASIC),
        Secret.ofParts(Map.of("username", "svc-user", "password", "p@ss word!")));

    assertThat(values).contains("svc-user", "p@ss word!", "svc-user:p@ss word!",
        Base64.getEncoder().encodeToString(
            "svc-user:p@ss word!".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void eachLineOfAMultiLineValueIsSecretOnItsOwn() {
    String pem = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49\n"
        + "-----END PRIVATE KEY-----\n";

    assertThat(SecretMaterial.of(binding(AuthKind.MUTUAL_TLS),
        Secret.ofParts(Map.of("privateKey", pem, "certificate", "c"))))
        .contains("MIGHAgEAMBMGByqGSM49AgEGCCqGSM49");
  }

  @Test
  void theSignatureOfASignedRequestIsSecretMaterial() {
    UpstreamRequest signed = new UpstreamRequest("GET", URI.create("https://api.example.com/x"),
        Headers.copyOf(List.of(new AbstractMap.SimpleImmutableEntry<>("Authorization",
            "AWS4-HMAC-SHA256 Credential=AKID/20261207/eu-west-1/s3/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=0123abcd0123abcd0123abcd"),
            new AbstractMap.SimpleImmutableEntry<>("X-Signature", "c2lnbmF0dXJlLXZhbHVl"))),
        null, null);

    assertThat(SecretMaterial.signatures(binding(AuthKind.AWS_SIG_V4), signed))
        .containsExactly("0123abcd0123abcd0123abcd");
    assertThat(SecretMaterial.signatures(binding(AuthKind.HMAC), signed))
        .containsExactly("c2lnbmF0dXJlLXZhbHVl");
  }

  @Test
  void aSecretTooShortToRedactIsNamedWithoutItsValue() {
    assertThat(HttpUpstream.secretProblem(binding(AuthKind.BEARER), Secret.of("abc1234")))
        .hasValue("binding b: its secret has fewer than 8 characters, too few to be redacted"
            + " safely from upstream answers");
    assertThat(HttpUpstream.secretProblem(binding(AuthKind.BASIC),
        Secret.ofParts(Map.of("username", "bob", "password", "hunter2"))))
        .hasValueSatisfying(problem -> assertThat(problem).contains("part 'password'")
            .doesNotContain("hunter2").doesNotContain("bob"));
    assertThat(HttpUpstream.secretProblem(binding(AuthKind.COOKIE),
        Secret.of("sid=0123456789abcdef; lang=en")))
        .hasValueSatisfying(problem -> assertThat(problem).contains("a cookie value"));
  }

  @Test
  void aShortUserNameIsNoProblem() {
    assertThat(HttpUpstream.secretProblem(binding(AuthKind.BASIC),
        Secret.ofParts(Map.of("username", "bob", "password", "correct horse")))).isEmpty();
    assertThat(HttpUpstream.secretProblem(binding(AuthKind.BEARER), Secret.of("12345678")))
        .isEmpty();
  }
}
