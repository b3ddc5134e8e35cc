package io.radshift.inference.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The bookkeeping of how far an inference task's input has left its batch buffer. */
class BufferLedgerTest {

    private final BufferLedger ledger = new BufferLedger();

    @Test
    void beforeAnyRecordNothingIsVouchedFor() {
        assertThat(ledger.mark()).isEqualTo(BufferMarks.UNPROCESSED);
    }

    @Test
    void theOldestBufferedStudyHoldsTheMarkUntilItIsForwarded() {
        for (long offset = 10; offset < 13; offset++) {
            ledger.processed(offset);
            ledger.buffered(offset);
        }
        assertThat(ledger.mark()).isEqualTo(10);
        ledger.forwarded();
        assertThat(ledger.mark()).isEqualTo(11);
        ledger.forwarded();
        ledger.forwarded();
        assertThat(ledger.mark()).as("empty: everything processed is handed on").isEqualTo(13);
    }

    @Test
    void aRecordDeadLetteredAtTheDoorMovesAnEmptyBuffersMarkButNotABusyOnes() {
        ledger.processed(4);
        assertThat(ledger.mark()).isEqualTo(5);
        ledger.processed(5);
        ledger.buffered(5);
        ledger.processed(6);
        assertThat(ledger.mark()).isEqualTo(5);
        ledger.forwarded();
        assertThat(ledger.mark()).isEqualTo(7);
    }

    @Test
    void studiesRestoredAfterARestartHoldTheMarkAndNothingElseIsVouchedForOnceTheyLeave() {
        ledger.processed(99);
        ledger.clear();
        ledger.buffered(42);
        ledger.buffered(BufferLedger.UNKNOWN_OFFSET);
        assertThat(ledger.mark()).isEqualTo(42);
        ledger.forwarded();
        assertThat(ledger.mark()).as("a study buffered before offsets were kept").isZero();
        ledger.forwarded();
        assertThat(ledger.mark()).isEqualTo(BufferMarks.UNPROCESSED);
    }
}
