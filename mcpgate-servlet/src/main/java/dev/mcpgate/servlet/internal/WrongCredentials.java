package dev.mcpgate.servlet.internal;

import dev.mcpgate.api.IdentityResult;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a wrong credential from none, and tells the operator about it.
 *
 * <p>A request that carries an {@code Authorization} header which no resolver accepted (a bearer
 * value that is neither an mcpgate key nor, on a gateway without JWT, anything else the gateway
 * reads) is answered as an invalid token, whatever the value's format: {@code error="invalid_token"},
 * never the bare challenge that asks a client to present a credential it already presented. Two
 * {@code Authorization} headers are refused the same way, whichever resolver is configured.
 *
 * <p>Each refusal of a presented credential is logged, without the credential: the client's
 * address and the resolver's description. At most one line per address per window, so that a
 * client retrying a wrong key, or many, cannot flood the log; the addresses remembered are
 * bounded. Time comes from the gateway's clock. Thread-safe.
 */
public final class WrongCredentials {

  /** The description of a credential no resolver accepted. */
  static final String NOT_ACCEPTED = "credential not accepted";

  private static final Logger LOG = LoggerFactory.getLogger(WrongCredentials.class);
  private static final int MAX_ADDRESSES = 10_000;
  private static final int MAX_DESCRIPTION = 120;

  private final Clock clock;
  private final Duration window;
  private final Consumer<String> log;
  private final Map<String, Instant> lastLogged = new ConcurrentHashMap<>();

  /**
   * Logs at most once a minute per client address, to this class's logger.
   *
   * @param clock the clock
   */
  public WrongCredentials(Clock clock) {
    this(clock, Duration.ofMinutes(1), LOG::warn);
  }

  /**
   * Logs at most once per window per client address, to a sink of its own.
   *
   * @param clock the clock
   * @param window how long after a line about an address the next one waits
   * @param log where the lines go
   */
  WrongCredentials(Clock clock, Duration window, Consumer<String> log) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.window = Objects.requireNonNull(window, "window");
    this.log = Objects.requireNonNull(log, "log");
  }

  /**
   * The outcome to answer: the resolver's, except that a presented credential nobody accepted,
   * or two {@code Authorization} headers, is an invalid token. Logs each refusal of a presented
   * credential, within the rate limit.
   *
   * @param result what the identity resolver said
   * @param request the request
   * @return the outcome to answer with
   */
  public IdentityResult judge(IdentityResult result, HttpServletRequest request) {
    return judge(result, Collections.list(request.getHeaders("Authorization")).size(),
        String.valueOf(request.getRemoteAddr()));
  }

  /**
   * {@link #judge(IdentityResult, HttpServletRequest)} on what it reads of the request.
   *
   * @param result what the identity resolver said
   * @param authorizations how many {@code Authorization} headers the request has
   * @param address the client's address
   * @return the outcome to answer with
   */
  IdentityResult judge(IdentityResult result, int authorizations, String address) {
    IdentityResult judged = result;
    if (authorizations > 1 && result instanceof IdentityResult.Authenticated) {
      judged = IdentityResult.invalid("more than one Authorization header");
    } else if (authorizations > 0 && result instanceof IdentityResult.Unauthenticated none) {
      judged = new IdentityResult.Rejected(false, NOT_ACCEPTED, none.requiredScopes());
    }
    if (judged instanceof IdentityResult.Rejected rejected && !rejected.insufficientScope()) {
      logOnce(address, rejected.description());
    }
    return judged;
  }

  private void logOnce(String address, String description) {
    Instant now = clock.instant();
    Instant last = lastLogged.get(address);
    if (last != null && now.isBefore(last.plus(window))) {
      return;
    }
    if (last == null && lastLogged.size() >= MAX_ADDRESSES) {
      forgetOlderThan(now.minus(window));
      if (lastLogged.size() >= MAX_ADDRESSES) {
        return;
      }
    }
    // Of two threads refusing the same address at once, one logs.
    boolean won = last == null
        ? lastLogged.putIfAbsent(address, now) == null
        : lastLogged.replace(address, last, now);
    if (won) {
      log.accept("refused a credential from " + address + ": " + clip(description)
          + " (further refusals from this address go unlogged for " + window.toSeconds()
          + " s)");
    }
  }

  private void forgetOlderThan(Instant limit) {
    for (Iterator<Instant> it = lastLogged.values().iterator(); it.hasNext(); ) {
      if (it.next().isBefore(limit)) {
        it.remove();
      }
    }
  }

  /** A resolver's description is short and names no credential; it is clipped all the same. */
  private static String clip(String description) {
    StringBuilder clean = new StringBuilder();
    for (int i = 0; i < description.length() && clean.length() < MAX_DESCRIPTION; i++) {
      char c = description.charAt(i);
      clean.append(c < 0x20 || c == 0x7f ? ' ' : c);
    }
    return clean.toString();
  }
}
