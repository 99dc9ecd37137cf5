package dev.mcpgate.core.internal.upstream;

import dev.mcpgate.core.upstream.Headers;
import dev.mcpgate.core.upstream.UpstreamRequest;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.Secret;
import dev.mcpgate.core.internal.Hashing;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * HMAC request signing, configured by the binding's settings (all optional):
 *
 * <table>
 *   <caption>settings</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code algorithm}</td><td>{@code HmacSHA256}</td><td>also {@code HmacSHA1},
 *       {@code HmacSHA512}</td></tr>
 *   <tr><td>{@code canonical}</td><td>{@code {method}\n{path}\n{query}\n{timestamp}\n{nonce}\n
 *       {bodySha256}}</td><td>the string signed; placeholders as shown, {@code \n} for a line
 *       break</td></tr>
 *   <tr><td>{@code signatureHeader}</td><td>{@code X-Signature}</td><td>where the signature
 *       goes</td></tr>
 *   <tr><td>{@code signaturePrefix}</td><td>empty</td><td>put before the signature, e.g.
 *       {@code v1=}</td></tr>
 *   <tr><td>{@code encoding}</td><td>{@code base64}</td><td>or {@code hex}</td></tr>
 *   <tr><td>{@code timestampHeader}</td><td>{@code X-Timestamp}</td><td>Unix seconds; empty
 *       for none</td></tr>
 *   <tr><td>{@code nonceHeader}</td><td>{@code X-Nonce}</td><td>a random nonce; empty for
 *       none</td></tr>
 *   <tr><td>{@code keyIdHeader}</td><td>{@code X-Key-Id}</td><td>sent when the secret has a
 *       {@code keyId} part</td></tr>
 * </table>
 *
 * <p>The secret is the key itself, or parts {@code keyId} and {@code secret}. Thread-safe.
 */
public final class HmacSigner implements AuthInjector {

  /** The canonical string signed unless the binding says otherwise. */
  public static final String DEFAULT_CANONICAL =
      "{method}\\n{path}\\n{query}\\n{timestamp}\\n{nonce}\\n{bodySha256}";

  private final Clock clock;
  private final Supplier<String> nonces;

  /**
   * A signer.
   *
   * @param clock where timestamps come from
   * @param nonces where nonces come from
   */
  public HmacSigner(Clock clock, Supplier<String> nonces) {
    this.clock = clock;
    this.nonces = nonces;
  }

  @Override
  public UpstreamRequest inject(UpstreamRequest request, CredentialBinding binding, Secret secret) {
    Map<String, String> settings = binding.settings();
    String algorithm = settings.getOrDefault("algorithm", "HmacSHA256");
    if (!List.of("HmacSHA256", "HmacSHA1", "HmacSHA512").contains(algorithm)) {
      throw new IllegalArgumentException("binding " + binding.id()
          + ": algorithm must be HmacSHA256, HmacSHA1 or HmacSHA512");
    }
    String timestampHeader = settings.getOrDefault("timestampHeader", "X-Timestamp");
    String nonceHeader = settings.getOrDefault("nonceHeader", "X-Nonce");
    String timestamp = Long.toString(clock.instant().getEpochSecond());
    String nonce = nonces.get();
    byte[] body = request.body() == null ? new byte[0] : request.body();
    String canonical = settings.getOrDefault("canonical", DEFAULT_CANONICAL)
        .replace("\\n", "\n")
        .replace("{method}", request.method())
        .replace("{path}", request.uri().getRawPath())
        .replace("{query}", request.uri().getRawQuery() == null ? "" : request.uri().getRawQuery())
        .replace("{timestamp}", timestamp)
        .replace("{nonce}", nonce)
        .replace("{bodySha256}", HexFormat.of().formatHex(Hashing.sha256(body)));
    boolean parts = !secret.partNames().isEmpty();
    String key = parts ? secret.reveal("secret") : secret.reveal();
    byte[] signature = Hashing.hmac(algorithm, key.getBytes(StandardCharsets.UTF_8), canonical);
    String encoded = settings.getOrDefault("encoding", "base64").toLowerCase(Locale.ROOT)
        .equals("hex") ? HexFormat.of().formatHex(signature)
        : Base64.getEncoder().encodeToString(signature);

    Headers headers = request.headers();
    if (!timestampHeader.isEmpty()) {
      headers = headers.plus(timestampHeader, timestamp);
    }
    if (!nonceHeader.isEmpty()) {
      headers = headers.plus(nonceHeader, nonce);
    }
    if (parts && secret.partNames().contains("keyId")) {
      headers = headers.plus(
          settings.getOrDefault("keyIdHeader", "X-Key-Id"), secret.reveal("keyId"));
    }
    headers = headers.plus(
        settings.getOrDefault("signatureHeader", "X-Signature"),
        settings.getOrDefault("signaturePrefix", "") + encoded);
    return new UpstreamRequest(
        request.method(), request.uri(), headers, request.body(), request.contentType());
  }
}
