package dev.mcpgate.openapi;

import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.openapi.internal.Candidate;
import dev.mcpgate.openapi.internal.DescriptionReader;
import dev.mcpgate.openapi.internal.FetchFailure;
import dev.mcpgate.openapi.internal.OpenApiReader;
import dev.mcpgate.openapi.internal.PostmanReader;
import dev.mcpgate.openapi.internal.ReadResult;
import dev.mcpgate.openapi.internal.ToolNames;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Imports an API description into tool definitions: OpenAPI 3.0 and 3.1, Swagger 2.0, and
 * Postman collections v2.0 and v2.1, as JSON or YAML, from a file, a URL or bytes. The format is
 * recognized from the content.
 *
 * <p>Each selected operation becomes one tool with business inputs only: the upstream auth the
 * description declares is detected and kept out of the input schema. An operation that cannot
 * be converted is skipped with a warning; a document that cannot be read fails with an {@link
 * ImportException} naming where. Thread-safe; holds no state.
 */
public final class ApiImporter {

  private static final JsonFactory SNIFFER = JsonFactory.builder().build();

  private ApiImporter() {}

  /**
   * Imports from a file path or an http(s) URL.
   *
   * @param fileOrUrl a path, or a URL starting with {@code http://} or {@code https://}
   * @param options how to import
   * @return the tools and warnings
   * @throws ImportException if the description cannot be read or imported
   */
  public static ImportResult importFrom(String fileOrUrl, ImportOptions options) {
    String lower = fileOrUrl.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      return importUrl(URI.create(fileOrUrl), options);
    }
    return importFile(Path.of(fileOrUrl), options);
  }

  /**
   * Imports from a file.
   *
   * @param file the description's path
   * @param options how to import
   * @return the tools and warnings
   * @throws ImportException if the file cannot be read or imported
   */
  public static ImportResult importFile(Path file, ImportOptions options) {
    return importContent(readFile(file, options), file.toString(), options);
  }

  /**
   * Imports from an http(s) URL, read with the options' {@linkplain ImportOptions#fetchTimeout()
   * timeout} and size limit. A failure names its cause: connection refused, unknown host, timed
   * out, TLS, or the HTTP status answered.
   *
   * @param url the description's URL
   * @param options how to import
   * @return the tools and warnings
   * @throws ImportException if the URL cannot be read or imported
   */
  public static ImportResult importUrl(URI url, ImportOptions options) {
    return importContent(readUrl(url, options), url.toString(), options);
  }

  /**
   * Reads a description's bytes from a file path or an http(s) URL, as {@link #importFrom}
   * does, without importing them: for callers that keep the bytes (the control plane stores
   * each revision's description).
   *
   * @param fileOrUrl a path, or a URL starting with {@code http://} or {@code https://}
   * @param options the limits to read with (only {@link ImportOptions#maxDocumentBytes()})
   * @return the bytes
   * @throws ImportException if the description cannot be read or is too large
   */
  public static byte[] read(String fileOrUrl, ImportOptions options) {
    String lower = fileOrUrl.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      return readUrl(URI.create(fileOrUrl), options);
    }
    return readFile(Path.of(fileOrUrl), options);
  }

  private static byte[] readFile(Path file, ImportOptions options) {
    String location = file.toString();
    try {
      long size = Files.size(file);
      if (size > options.maxDocumentBytes()) {
        throw tooLarge(location, options);
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ImportException(location, null, 0, "no such file");
    } catch (IOException e) {
      throw new ImportException(location, null, 0, "cannot be read: " + e.getMessage());
    }
  }

  private static byte[] readUrl(URI url, ImportOptions options) {
    String location = shown(url);
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new ImportException(location, null, 0, "only http and https URLs can be imported");
    }
    if (url.getRawUserInfo() != null) {
      // Every surface that fetches a description comes through here: none may send, store or
      // print a credential written into the URL.
      throw new ImportException(location, null, 0,
          "a URL must not carry credentials (user:password@)");
    }
    Duration timeout = options.fetchTimeout();
    HttpClient client = HttpClient.newBuilder()
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
    HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
    try {
      HttpResponse<InputStream> response =
          client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          throw new ImportException(location, null, 0,
              "cannot be fetched: the server answered HTTP " + response.statusCode());
        }
        byte[] content = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8,
            options.maxDocumentBytes() + 1));
        if (content.length > options.maxDocumentBytes()) {
          throw tooLarge(location, options);
        }
        return content;
      }
    } catch (IOException e) {
      String host = url.getPort() < 0 ? String.valueOf(url.getHost())
          : url.getHost() + ":" + url.getPort();
      throw new ImportException(location, null, 0,
          "cannot be fetched: " + FetchFailure.describe(e, host, timeout));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImportException(location, null, 0, "interrupted while fetching");
    }
  }

  /**
   * A URL as messages show it: without user info, and with its query (which may carry a token)
   * replaced by {@code ?…}.
   */
  private static String shown(URI url) {
    if (url.getHost() == null) {
      return url.getRawQuery() == null && url.getRawUserInfo() == null
          ? url.toString() : String.valueOf(url.getScheme()) + ":…";
    }
    StringBuilder out = new StringBuilder()
        .append(url.getScheme()).append("://").append(url.getHost());
    if (url.getPort() >= 0) {
      out.append(':').append(url.getPort());
    }
    out.append(url.getRawPath() == null ? "" : url.getRawPath());
    if (url.getRawQuery() != null) {
      out.append("?…");
    }
    return out.toString();
  }

  /**
   * Imports a description held in memory.
   *
   * @param content the document, JSON or YAML
   * @param location where it came from, for messages and relative references
   * @param options how to import
   * @return the tools and warnings
   * @throws ImportException if the document cannot be imported
   */
  public static ImportResult importContent(byte[] content, String location, ImportOptions options) {
    if (content.length > options.maxDocumentBytes()) {
      throw tooLarge(location, options);
    }
    DescriptionReader reader = isPostman(content) ? new PostmanReader() : new OpenApiReader();
    ReadResult read = reader.read(content, location, options);
    List<ImportWarning> warnings = new ArrayList<>(read.warnings());
    Selection selection = options.selection();
    List<Candidate> selected = read.candidates().stream()
        .filter(candidate -> selection.selects(candidate.method(), candidate.path(),
            candidate.operationId(), candidate.tags(), candidate.deprecated()))
        .toList();
    List<String> names = ToolNames.assign(selected, options.namePrefix(), warnings);
    List<ToolDefinition> tools = new ArrayList<>(selected.size());
    for (int i = 0; i < selected.size(); i++) {
      ToolDefinition.Builder draft = selected.get(i).draft().name(names.get(i));
      if (options.sourceId() != null) {
        draft.source(options.sourceId());
      }
      tools.add(draft.build());
    }
    return new ImportResult(read.source(), tools, warnings);
  }

  /**
   * Whether a document is a Postman collection: a JSON object whose top level has {@code info}
   * and {@code item} (v2), or {@code requests} (v1, which the Postman reader refuses with advice),
   * but neither {@code openapi} nor {@code swagger}. Only top-level keys are read (nested values
   * are skipped without being built), so a request body or a variable that mentions "openapi"
   * cannot mislead it. JSON too broken to read goes by Postman's own markers, so the Postman
   * reader reports where it breaks; YAML goes to the OpenAPI reader.
   */
  private static boolean isPostman(byte[] content) {
    boolean info = false;
    boolean item = false;
    boolean requests = false;
    try (JsonParser parser = SNIFFER.createParser(ObjectReadContext.empty(), content)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        String key = parser.currentName();
        if (key.equals("openapi") || key.equals("swagger")) {
          return false;
        }
        info |= key.equals("info");
        item |= key.equals("item");
        requests |= key.equals("requests");
        parser.nextToken();
        parser.skipChildren();
      }
      return (info && item) || requests;
    } catch (JacksonException broken) {
      String head = new String(content, 0, Math.min(content.length, 64 * 1024),
          StandardCharsets.UTF_8);
      return head.contains("schema.getpostman.com") || head.contains("\"_postman_id\"");
    }
  }

  private static ImportException tooLarge(String location, ImportOptions options) {
    return new ImportException(location, null, 0,
        "larger than the limit of " + options.maxDocumentBytes() + " bytes");
  }
}
