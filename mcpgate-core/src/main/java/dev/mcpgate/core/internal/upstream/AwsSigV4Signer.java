package dev.mcpgate.core.internal.upstream;

import dev.mcpgate.core.upstream.Headers;
import dev.mcpgate.core.upstream.UpstreamRequest;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.Secret;
import dev.mcpgate.core.internal.Hashing;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * AWS Signature Version 4 (cloud IAM). Binding settings: {@code region} and {@code service}
 * (both required). The secret has parts {@code accessKeyId} and {@code secretAccessKey}, and
 * {@code sessionToken} for temporary credentials (sent as {@code X-Amz-Security-Token}).
 *
 * <p>Signs the host, {@code X-Amz-Date}, the session token and every header of the request;
 * the payload is hashed into the signature (and sent as {@code X-Amz-Content-Sha256} for S3).
 * Path segments are encoded twice except for S3, as AWS specifies. Thread-safe.
 */
public final class AwsSigV4Signer implements AuthInjector {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final Clock clock;

  /**
   * A signer.
   *
   * @param clock where the signing time comes from
   */
  public AwsSigV4Signer(Clock clock) {
    this.clock = clock;
  }

  @Override
  public UpstreamRequest inject(UpstreamRequest request, CredentialBinding binding, Secret secret) {
    String region = binding.settings().get("region");
    String service = binding.settings().get("service");
    if (region == null || service == null) {
      throw new IllegalArgumentException(
          "binding " + binding.id() + ": AWS SigV4 needs the settings 'region' and 'service'");
    }
    String stamp = STAMP.format(clock.instant());
    String date = stamp.substring(0, 8);
    byte[] body = request.body() == null ? new byte[0] : request.body();
    String payloadHash = hex(sha256(body));
    boolean s3 = service.equals("s3");

    Headers headers = request.headers().plus("X-Amz-Date", stamp);
    if (secret.partNames().contains("sessionToken")) {
      headers = headers.plus("X-Amz-Security-Token", secret.reveal("sessionToken"));
    }
    if (s3) {
      headers = headers.plus("X-Amz-Content-Sha256", payloadHash);
    }
    if (request.contentType() != null && !headers.contains("Content-Type")) {
      headers = headers.plus("Content-Type", request.contentType());
    }

    TreeMap<String, String> signed = new TreeMap<>();
    signed.put("host", Origin.of(request.uri()).hostHeader());
    for (Map.Entry<String, String> header : headers) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      String value = header.getValue().strip().replaceAll("\\s+", " ");
      signed.merge(name, value, (a, b) -> a + "," + b);
    }
    StringBuilder canonicalHeaders = new StringBuilder();
    signed.forEach((name, value) -> canonicalHeaders.append(name).append(':').append(value)
        .append('\n'));
    String signedHeaders = String.join(";", signed.keySet());
    String canonicalRequest = request.method() + "\n"
        + canonicalPath(request.uri(), s3) + "\n"
        + canonicalQuery(request.uri()) + "\n"
        + canonicalHeaders + "\n"
        + signedHeaders + "\n"
        + payloadHash;
    String scope = date + "/" + region + "/" + service + "/aws4_request";
    String stringToSign = "AWS4-HMAC-SHA256\n" + stamp + "\n" + scope + "\n"
        + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));

    byte[] key = hmac(("AWS4" + secret.reveal("secretAccessKey"))
        .getBytes(StandardCharsets.UTF_8), date);
    key = hmac(key, region);
    key = hmac(key, service);
    key = hmac(key, "aws4_request");
    String signature = hex(hmac(key, stringToSign));

    headers = headers.plus("Authorization", "AWS4-HMAC-SHA256 Credential="
        + secret.reveal("accessKeyId") + "/" + scope + ", SignedHeaders=" + signedHeaders
        + ", Signature=" + signature);
    return new UpstreamRequest(
        request.method(), request.uri(), headers, request.body(), request.contentType());
  }

  private static String canonicalPath(URI uri, boolean s3) {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (s3) {
      return path;
    }
    StringBuilder out = new StringBuilder();
    for (String segment : path.split("/", -1)) {
      if (out.length() > 0 || path.startsWith("/")) {
        out.append('/');
      }
      out.append(RequestBuilder.encode(segment));
    }
    return out.substring(path.startsWith("/") ? 1 : 0);
  }

  private static String canonicalQuery(URI uri) {
    String raw = uri.getRawQuery();
    if (raw == null || raw.isEmpty()) {
      return "";
    }
    List<String[]> pairs = new ArrayList<>();
    for (String pair : raw.split("&")) {
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
      pairs.add(new String[] {RequestBuilder.encode(name), RequestBuilder.encode(value)});
    }
    pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
    List<String> joined = new ArrayList<>(pairs.size());
    pairs.forEach(pair -> joined.add(pair[0] + "=" + pair[1]));
    return String.join("&", joined);
  }

  private static String decode(String text) {
    // '+' is a literal plus in a URI query built by RequestBuilder (spaces are %20).
    return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static byte[] sha256(byte[] bytes) {
    return Hashing.sha256(bytes);
  }

  private static byte[] hmac(byte[] key, String text) {
    return Hashing.hmac("HmacSHA256", key, text);
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
