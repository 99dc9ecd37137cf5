package dev.mcpgate.servlet.internal;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import java.util.Enumeration;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A session that exists for one in-process call: code that insists on a session (a saved-request
 * cache on a 401, say) works, and nothing it stores outlives the call or is shared with the MCP
 * caller's own session. Never registered with the container, never sent as a cookie.
 */
final class DetachedSession implements HttpSession {

  private final ServletContext context;
  private final String id = UUID.randomUUID().toString();
  private final long created = System.currentTimeMillis();
  private final Attributes attributes = new Attributes();
  private int maxInactiveInterval;
  private volatile boolean invalidated;

  DetachedSession(ServletContext context) {
    this.context = context;
  }

  boolean invalidated() {
    return invalidated;
  }

  @Override
  public long getCreationTime() {
    return created;
  }

  @Override
  public String getId() {
    return id;
  }

  @Override
  public long getLastAccessedTime() {
    return created;
  }

  @Override
  public ServletContext getServletContext() {
    return context;
  }

  @Override
  public void setMaxInactiveInterval(int interval) {
    this.maxInactiveInterval = interval;
  }

  @Override
  public int getMaxInactiveInterval() {
    return maxInactiveInterval;
  }

  @Override
  public @Nullable Object getAttribute(String name) {
    return attributes.get(name);
  }

  @Override
  public Enumeration<String> getAttributeNames() {
    return attributes.names();
  }

  @Override
  public void setAttribute(String name, @Nullable Object value) {
    attributes.set(name, value);
  }

  @Override
  public void removeAttribute(String name) {
    attributes.remove(name);
  }

  @Override
  public void invalidate() {
    invalidated = true;
    attributes.clear();
  }

  @Override
  public boolean isNew() {
    return true;
  }
}
