package dev.mcpgate.core.internal.upstream;

/** Why {@link TargetGuard} refused a target; stable codes for audit events. Immutable. */
public enum RefusalReason {
  /** The URL is not an absolute http(s) URL with an unambiguous host, port and IP form. */
  MALFORMED,
  /** The URL carries user information ({@code user:pass@}), which could smuggle credentials. */
  USERINFO_NOT_ALLOWED,
  /** The scheme is not allowed, or a redirect would go from https to http. */
  SCHEME_NOT_ALLOWED,
  /** The host is not on the allowlist. */
  HOST_NOT_ALLOWED,
  /** The port is not allowed. */
  PORT_NOT_ALLOWED,
  /** The host is, or resolves to, an address of a class the policy refuses. */
  ADDRESS_NOT_ALLOWED,
  /** The host name did not resolve. */
  UNRESOLVABLE,
  /** Following this redirect would exceed the policy's bound. */
  TOO_MANY_REDIRECTS
}
