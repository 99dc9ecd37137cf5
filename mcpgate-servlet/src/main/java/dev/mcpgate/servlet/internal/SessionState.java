package dev.mcpgate.servlet.internal;

import dev.mcpgate.core.McpSession;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A live session and the {@code GET} streams it holds open. */
final class SessionState {

  final McpSession session;
  private final List<ServerStream> streams = new CopyOnWriteArrayList<>();

  SessionState(McpSession session) {
    this.session = session;
  }

  synchronized boolean addStream(ServerStream stream, int max) {
    streams.removeIf(ServerStream::isClosed);
    if (streams.size() >= max) {
      return false;
    }
    streams.add(stream);
    return true;
  }

  void broadcast(byte[] json) {
    streams.forEach(stream -> stream.send(json));
    streams.removeIf(ServerStream::isClosed);
  }

  /** Pings every open stream; a stream the client still reads keeps its session alive. */
  void keepAlive(long nowNanos) {
    boolean alive = false;
    for (ServerStream stream : streams) {
      alive |= stream.keepAlive();
    }
    streams.removeIf(ServerStream::isClosed);
    if (alive) {
      session.touch(nowNanos);
    }
  }

  void close() {
    session.close();
    streams.forEach(ServerStream::close);
    streams.clear();
  }
}
