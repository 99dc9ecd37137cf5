package dev.mcpgate.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What happened on one MCP request, for the audit trail: metadata only, never a secret and, by
 * default, never an argument value.
 *
 * <p>The gateway records an event for every {@code tools/call} ({@link #METHOD_TOOLS_CALL}),
 * every {@code tools/list} page ({@link #METHOD_TOOLS_LIST}), every request to the host
 * application's own routes that the transport fronts ({@code rest}), and every request refused
 * at authentication, 401 or 403 ({@link #METHOD_AUTHENTICATION}). The outcome is an {@link
 * AuditOutcome} and each gate a {@link GateId}, each with a documented JSON name. The method and
 * the detail keys are open sets (a method is whatever the client sent), so they stay strings;
 * the constants below name the ones the gateway writes, so that a sink can match them without
 * repeating strings, and new values may appear in later versions.
 *
 * @param requestId the gateway's id for the request, also returned to the caller
 * @param time when the request arrived
 * @param method the MCP method, such as {@code tools/call}, or {@link #METHOD_AUTHENTICATION}
 *     for a request refused before its message was read
 * @param caller who called; a context carries no credential
 * @param tool the tool called, or null
 * @param operation the upstream operation id, or null
 * @param source the tool's source id, or null
 * @param bindingId the credential binding used, or null
 * @param credentialStatus what became of the upstream credential
 * @param gates each gate's outcome, in order; the last one failed if the call was stopped
 * @param adapter what the upstream call did, or null if none was made
 * @param outcome the overall outcome
 * @param details further non-secret facts (redacted arguments when enabled)
 */
public record AuditEvent(
    String requestId,
    Instant time,
    String method,
    CallerContext caller,
    @Nullable String tool,
    @Nullable String operation,
    @Nullable String source,
    @Nullable String bindingId,
    CredentialStatus credentialStatus,
    List<GateOutcome> gates,
    @Nullable AdapterOutcome adapter,
    AuditOutcome outcome,
    Map<String, String> details) {

  /** The method of a {@code tools/call} event. */
  public static final String METHOD_TOOLS_CALL = "tools/call";

  /**
   * The method of a {@code tools/list} event: one per page served, with {@link
   * #DETAIL_TOOLS_LISTED} and {@link #DETAIL_HAS_MORE}.
   */
  public static final String METHOD_TOOLS_LIST = "tools/list";

  /**
   * The method of an event recording a request refused at authentication (HTTP 401 or 403),
   * before any MCP message was read. Its caller is {@link CallerContext#anonymous()}, its one
   * gate is {@link GateId#IDENTITY}, failed, with the reason {@code no credential}, {@code
   * invalid_token} or {@code insufficient_scope}; its details may hold {@link
   * #DETAIL_REMOTE_ADDRESS}, {@link #DETAIL_AUTH_SCHEME} (the scheme of the {@code Authorization}
   * header, such as {@code Bearer}, never its value), {@link #DETAIL_AUTH_ERROR}, {@link
   * #DETAIL_HTTP_METHOD} and {@link #DETAIL_PATH}. Never the credential.
   */
  public static final String METHOD_AUTHENTICATION = "authentication";








  /** Detail: how many tools a {@code tools/list} page held. */
  public static final String DETAIL_TOOLS_LISTED = "toolsListed";

  /** Detail: {@code true} when a {@code tools/list} page has a next page. */
  public static final String DETAIL_HAS_MORE = "hasMore";

  /** Detail: {@code true} when a {@code tools/list} request named a cursor. */
  public static final String DETAIL_CURSOR = "cursor";

  /** Detail: the client's IP address as the transport saw it. */
  public static final String DETAIL_REMOTE_ADDRESS = "remoteAddress";

  /** Detail: the scheme of the {@code Authorization} header presented, never its value. */
  public static final String DETAIL_AUTH_SCHEME = "authScheme";

  /** Detail: the identity resolver's reason for refusing a credential; never the credential. */
  public static final String DETAIL_AUTH_ERROR = "authError";

  /** Detail: the HTTP method of the request. */
  public static final String DETAIL_HTTP_METHOD = "httpMethod";

  /** Detail: the request's path, without query or path parameters. */
  public static final String DETAIL_PATH = "path";

  /** Validates and copies the fields. */
  public AuditEvent {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(credentialStatus, "credentialStatus");
    Objects.requireNonNull(outcome, "outcome");
    gates = List.copyOf(gates);
    details = Map.copyOf(details);
  }

  /**
   * A builder.
   *
   * @param requestId the request's id
   * @param time when the request arrived
   * @param method the MCP method
   * @param caller who called
   * @return a new builder
   */
  public static Builder builder(String requestId, Instant time, String method, CallerContext caller) {
    return new Builder(requestId, time, method, caller);
  }

  /** Builds an {@link AuditEvent}. Not thread-safe. */
  public static final class Builder {
    private final String requestId;
    private final Instant time;
    private final String method;
    private final CallerContext caller;
    private @Nullable String tool;
    private @Nullable String operation;
    private @Nullable String source;
    private @Nullable String bindingId;
    private CredentialStatus credentialStatus = CredentialStatus.NOT_REQUESTED;
    private final List<GateOutcome> gates = new ArrayList<>();
    private @Nullable AdapterOutcome adapter;
    private AuditOutcome outcome = AuditOutcome.OK;
    private final Map<String, String> details = new LinkedHashMap<>();

    private Builder(String requestId, Instant time, String method, CallerContext caller) {
      this.requestId = requestId;
      this.time = time;
      this.method = method;
      this.caller = caller;
    }

    /**
     * Sets the tool.
     *
     * @param tool the tool's name, or null
     * @return this builder
     */
    public Builder tool(@Nullable String tool) {
      this.tool = tool;
      return this;
    }

    /**
     * Sets the upstream operation.
     *
     * @param operation the operation id, or null
     * @return this builder
     */
    public Builder operation(@Nullable String operation) {
      this.operation = operation;
      return this;
    }

    /**
     * Sets the source.
     *
     * @param source the source id, or null
     * @return this builder
     */
    public Builder source(@Nullable String source) {
      this.source = source;
      return this;
    }

    /**
     * Sets the binding.
     *
     * @param bindingId the binding id, or null
     * @return this builder
     */
    public Builder bindingId(@Nullable String bindingId) {
      this.bindingId = bindingId;
      return this;
    }

    /**
     * Sets the credential status.
     *
     * @param status the status
     * @return this builder
     */
    public Builder credentialStatus(CredentialStatus status) {
      this.credentialStatus = status;
      return this;
    }

    /**
     * Appends a gate's outcome.
     *
     * @param gate the outcome
     * @return this builder
     */
    public Builder gate(GateOutcome gate) {
      this.gates.add(gate);
      return this;
    }

    /**
     * Sets the adapter outcome.
     *
     * @param adapter the outcome, or null
     * @return this builder
     */
    public Builder adapter(@Nullable AdapterOutcome adapter) {
      this.adapter = adapter;
      return this;
    }

    /**
     * Sets the overall outcome.
     *
     * @param outcome the outcome; {@link AuditOutcome#OK} unless set
     * @return this builder
     */
    public Builder outcome(AuditOutcome outcome) {
      this.outcome = outcome;
      return this;
    }

    /**
     * Adds a detail.
     *
     * @param key the key
     * @param value the value; never a secret
     * @return this builder
     */
    public Builder detail(String key, String value) {
      this.details.put(key, value);
      return this;
    }

    /**
     * Builds the event.
     *
     * @return the event
     */
    public AuditEvent build() {
      return new AuditEvent(
          requestId,
          time,
          method,
          caller,
          tool,
          operation,
          source,
          bindingId,
          credentialStatus,
          gates,
          adapter,
          outcome,
          details);
    }
  }
}
