package io.wem.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * CSV rows of the audit export (RFC 4180 quoting). A cell that a spreadsheet would read as a formula (starting
 * with =, +, -, @, tab or carriage return) gets a leading apostrophe, because anyone who signs in chooses the
 * username and user agent that end up in it.
 */
final class AuditCsv {

    static final String HEADER = "id,seq,occurredAt,type,actorId,actorUsername,targetKind,targetId,targetName,"
            + "sourceIp,userAgent,outcome,reason,details,hash\n";

    private AuditCsv() {
    }

    static String row(AuditEvent event) {
        List<String> cells = new ArrayList<>();
        cells.add(Long.toString(event.id()));
        cells.add(Long.toString(event.seq()));
        cells.add(event.occurredAt().toString());
        cells.add(event.type().name());
        cells.add(event.actorId() == null ? "" : event.actorId().toString());
        cells.add(cell(event.actorUsername()));
        cells.add(cell(event.targetKind()));
        cells.add(cell(event.targetId()));
        cells.add(cell(event.targetName()));
        cells.add(cell(event.sourceIp()));
        cells.add(cell(event.userAgent()));
        cells.add(event.outcome().name());
        cells.add(cell(event.reason()));
        cells.add(cell(event.details()));
        cells.add(event.hash());
        return String.join(",", cells) + "\n";
    }

    static String cell(String value) {
        if (value == null) {
            return "";
        }
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }
}
