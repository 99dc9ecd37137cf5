package dev.mcpgate.core.internal.upstream;

import dev.mcpgate.core.upstream.Headers;
import dev.mcpgate.core.upstream.UpstreamRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.Secret;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** AWS Signature V4, against the worked example of AWS's own signing documentation. */
class AwsSigV4SignerTest {

  private static final Secret EXAMPLE_KEYS = Secret.ofParts(Map.of(
      "accessKeyId", "AKIDEXAMPLE",
      "secretAccessKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));
  private static final CredentialBinding IAM = new CredentialBinding("aws", AuthKind.AWS_SIG_V4,
      "memory:aws", Map.of(), Map.of("region", "us-east-1", "service", "iam"));
  private static final Clock SIGNING_TIME =
      Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC);

  private static String header(UpstreamRequest request, String name) {
    return request.headers().first(name).orElseThrow();
  }

  @Test
  void theDocumentedIamListUsersRequestGetsTheDocumentedSignature() {
    UpstreamRequest request = new UpstreamRequest("GET",
        URI.create("https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08"),
        Headers.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
        null, null);

    UpstreamRequest signed = new AwsSigV4Signer(SIGNING_TIME).inject(request, IAM, EXAMPLE_KEYS);

    assertThat(header(signed, "X-Amz-Date")).isEqualTo("20150830T123600Z");
    assertThat(header(signed, "Authorization")).isEqualTo("AWS4-HMAC-SHA256 "
        + "Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
        + "SignedHeaders=content-type;host;x-amz-date, "
        + "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
  }

  @Test
  void queryOrderDoesNotChangeTheSignature() {
    UpstreamRequest sorted = new UpstreamRequest("GET",
        URI.create("https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08"),
        Headers.empty(), null, null);
    UpstreamRequest shuffled = new UpstreamRequest("GET",
        URI.create("https://iam.amazonaws.com/?Version=2010-05-08&Action=ListUsers"),
        Headers.empty(), null, null);
    AwsSigV4Signer signer = new AwsSigV4Signer(SIGNING_TIME);

    assertThat(header(signer.inject(shuffled, IAM, EXAMPLE_KEYS), "Authorization"))
        .isEqualTo(header(signer.inject(sorted, IAM, EXAMPLE_KEYS), "Authorization"));
  }

  @Test
  void aSessionTokenIsSentAndSignedAndTheSecretKeyNeverIs() {
    Secret temporary = Secret.ofParts(Map.of("accessKeyId", "ASIAEXAMPLE",
        "secretAccessKey", "canary-secret-key-1f", "sessionToken", "token-xyz"));
    UpstreamRequest signed = new AwsSigV4Signer(SIGNING_TIME).inject(new UpstreamRequest("GET",
        URI.create("https://sts.amazonaws.com/"), Headers.empty(), null, null), IAM, temporary);

    assertThat(header(signed, "X-Amz-Security-Token")).isEqualTo("token-xyz");
    assertThat(header(signed, "Authorization")).contains("x-amz-security-token")
        .doesNotContain("canary-secret-key-1f");
    assertThat(signed.headers().toString()).doesNotContain("canary-secret-key-1f");
  }

  @Test
  void regionAndServiceAreRequired() {
    CredentialBinding incomplete = CredentialBinding.of("aws", AuthKind.AWS_SIG_V4, "memory:aws");

    assertThatThrownBy(() -> new AwsSigV4Signer(SIGNING_TIME).inject(new UpstreamRequest("GET",
        URI.create("https://iam.amazonaws.com/"), Headers.empty(), null, null), incomplete,
        EXAMPLE_KEYS))
        .hasMessageContaining("'region'").hasMessageNotContaining("EXAMPLEKEY");
  }
}
