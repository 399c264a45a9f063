package dev.seq4j.sweep;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.seq4j.train.Objective;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Ranking trials: by the objective in its direction, complete trials before pruned ones for the best. */
class SweepReportTest {
    private static TrialRecord trial(int n, String status, Double objective) {
        return new TrialRecord(n, Map.of("train.batchSize", JsonNodeFactory.instance.numberNode(n)), status, objective,
                3, 3, 10, 12, 15, null);
    }

    @Test
    void theBestIsTheBestCompleteTrialAndFailedTrialsRankLast() {
        List<TrialRecord> records = List.of(trial(1, TrialRecord.COMPLETE, 2.5), trial(2, TrialRecord.PRUNED, 2.0),
                trial(3, TrialRecord.FAILED, null), trial(4, TrialRecord.COMPLETE, 2.1), trial(5, TrialRecord.COMPLETE, 2.1));
        Objective lower = new Objective("valid_bpc", true);
        assertEquals(4, SweepReport.best(records, lower).orElseThrow().trial(), "ties go to the earlier trial");
        assertEquals(List.of(2, 4, 5, 1, 3), records.stream().sorted(SweepReport.byObjective(lower))
                .map(TrialRecord::trial).toList());
        Objective higher = new Objective("accuracy", false);
        assertEquals(1, SweepReport.best(records, higher).orElseThrow().trial());
        assertEquals(List.of(1, 4, 5, 2, 3), records.stream().sorted(SweepReport.byObjective(higher))
                .map(TrialRecord::trial).toList());
    }

    @Test
    void prunedTrialsStandInOnlyWhenNoneCompleted() {
        List<TrialRecord> records = List.of(trial(1, TrialRecord.PRUNED, 3.0), trial(2, TrialRecord.PRUNED, 2.8),
                trial(3, TrialRecord.FAILED, null));
        assertEquals(2, SweepReport.best(records, new Objective("valid_bpc", true)).orElseThrow().trial());
        assertEquals(java.util.Optional.empty(), SweepReport.best(List.of(trial(1, TrialRecord.FAILED, null)),
                new Objective("valid_bpc", true)));
    }
}
