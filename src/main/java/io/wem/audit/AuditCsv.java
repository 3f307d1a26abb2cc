package io.wem.audit;

import java.util.ArrayList;
import java.util.List;

import io.wem.web.CsvCells;

/**
 * CSV rows of the audit export, quoted by {@link CsvCells}, which also defuses cells that a spreadsheet would read as
 * a formula, because anyone who signs in chooses the username and user agent that end up in it.
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
        cells.add(CsvCells.cell(event.actorUsername()));
        cells.add(CsvCells.cell(event.targetKind()));
        cells.add(CsvCells.cell(event.targetId()));
        cells.add(CsvCells.cell(event.targetName()));
        cells.add(CsvCells.cell(event.sourceIp()));
        cells.add(CsvCells.cell(event.userAgent()));
        cells.add(event.outcome().name());
        cells.add(CsvCells.cell(event.reason()));
        cells.add(CsvCells.cell(event.details()));
        cells.add(event.hash());
        return String.join(",", cells) + "\n";
    }
}
