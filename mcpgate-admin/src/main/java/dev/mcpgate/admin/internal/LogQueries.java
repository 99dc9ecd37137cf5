package dev.mcpgate.admin.internal;

import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.control.AuditQuery;
import dev.mcpgate.control.ChangeEvent;
import dev.mcpgate.control.ChangeQuery;
import dev.mcpgate.control.ControlPlane;
import dev.mcpgate.control.ObjectKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The change log and the data-plane audit, newest first, a page at a time. The store reads
 * either newest first up to a time; a cursor holds where the last page ended (the change's
 * sequence and time, or the audit event's time and how many events at that millisecond were
 * already shown).
 */
final class LogQueries {

  private final ControlPlane control;

  LogQueries(ControlPlane control) {
    this.control = control;
  }

  Reply changes(Call call) {
    int limit = call.limit();
    ObjectKind kind = null;
    String kindName = call.query("kind");
    if (kindName != null) {
      try {
        kind = ObjectKind.valueOf(kindName.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw Problems.badRequest("kind", "kind must be one of "
            + java.util.Arrays.toString(ObjectKind.values()).toLowerCase(Locale.ROOT));
      }
    }
    Instant to = call.instant("to");
    long before = Long.MAX_VALUE;
    String cursor = call.query("cursor");
    if (cursor != null) {
      long[] parts = Pages.cursor(cursor, 2);
      before = parts[0];
      Instant at = Instant.ofEpochMilli(parts[1] + 1);
      to = to == null || at.isBefore(to) ? at : to;
    }
    List<ChangeEvent> found = List.of();
    for (int fetch = limit + 1; ; fetch = Math.min(10_000, fetch * 4)) {
      List<ChangeEvent> raw = control.changes(new ChangeQuery(call.instant("from"), to, kind,
          call.query("objectId"), call.query("actor"), 0, fetch));
      long bound = before;
      found = raw.stream().filter(c -> c.sequence() < bound).toList();
      if (found.size() > limit || raw.size() < fetch || fetch == 10_000) {
        break;
      }
    }
    List<ChangeEvent> items = found.subList(0, Math.min(limit, found.size()));
    String next = null;
    if (found.size() > limit) {
      ChangeEvent last = items.get(items.size() - 1);
      next = Pages.cursor(last.sequence(), last.time().toEpochMilli());
    }
    return Pages.listing(items, next);
  }

  Reply audit(Call call) {
    int limit = call.limit();
    Instant to = call.instant("to");
    long atMillis = -1;
    int skip = 0;
    String cursor = call.query("cursor");
    if (cursor != null) {
      long[] parts = Pages.cursor(cursor, 2);
      atMillis = parts[0];
      skip = (int) Math.min(parts[1], 9_000);
      Instant at = Instant.ofEpochMilli(atMillis + 1);
      to = to == null || at.isBefore(to) ? at : to;
    }
    int fetch = Math.min(10_000, limit + skip + 1);
    List<AuditEvent> raw = control.audit().query(new AuditQuery(call.instant("from"), to,
        call.query("clientId"), call.query("tool"), call.query("outcome"),
        call.query("source"), fetch));
    List<AuditEvent> found = new ArrayList<>();
    int skipped = 0;
    for (AuditEvent event : raw) {
      if (atMillis >= 0 && event.time().toEpochMilli() == atMillis && skipped < skip) {
        skipped++;
        continue;
      }
      found.add(event);
    }
    List<AuditEvent> items = found.subList(0, Math.min(limit, found.size()));
    String next = null;
    if (found.size() > limit) {
      long lastMillis = items.get(items.size() - 1).time().toEpochMilli();
      long same = items.stream().filter(e -> e.time().toEpochMilli() == lastMillis).count()
          + (lastMillis == atMillis ? skip : 0);
      next = Pages.cursor(lastMillis, same);
    }
    return Pages.listing(items, next);
  }
}
