package io.breakoutbot.ops.audit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An audit trail kept in memory, for tests that check what was audited; any thread may record. */
public class RecordedAudit extends Audit {

    private final List<AuditEntry> entries = new CopyOnWriteArrayList<>();

    @Override
    public void record(AuditEntry entry) {
        entries.add(entry);
    }

    /** What was recorded so far, oldest first. */
    public List<AuditEntry> entries() {
        return List.copyOf(entries);
    }
}
