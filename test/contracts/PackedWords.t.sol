// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ISessionsTypes} from "../../contracts/interfaces/ISessionsTypes.sol";
import {FAILURE_ENTRY_SHIFT, FAILURE_SPENT_SHIFT, RoundFailure} from "../../contracts/libraries/RoundFailure.sol";
import {LEVELS_SHIFT, RoundOutcome, RoundOutcomeLibrary, SCORE_LANE_BITS} from "../../contracts/libraries/RoundOutcome.sol";
import {OPERATOR_GROUP_BITS, RoundTerms} from "../../contracts/libraries/RoundTerms.sol";
import {SessionState, SessionStateLibrary} from "../../contracts/libraries/SessionState.sol";
import {Vm} from "./support/SessionsTestBase.sol";

/**
 * @notice Each packed word's setters round-trip their field and leave every other bit as it was,
 * each getter reads its own bits, and the round terms' first fields are laid out as the struct they
 * replaced was.
 */
contract PackedWordsTest {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @dev The struct {RoundTerms} replaced, laid out by Solidity in this contract's storage: the
    /// fields it had keep their bits.
    struct LegacyRoundTerms {
        uint40 deadline;
        uint8 agentCount;
        uint8 minRounds;
        uint8 maxRounds;
        uint16 voteCredits;
        uint40 operatorGroups;
    }

    LegacyRoundTerms internal _legacyTerms;

    // ---------------------------------------------------------------- SessionState

    function testFuzz_sessionState_gettersReadTheirBits(uint256 raw) public pure {
        SessionState s = _state(raw);
        raw = SessionState.unwrap(s);
        require(s.quality() == _bits(raw, 0, 160), "quality");
        require(s.disputableUntil() == _bits(raw, 160, 40), "disputableUntil");
        require(s.endorsed() == _bits(raw, 200, 10), "endorsed");
        require(s.presentInRoundOne() == _bits(raw, 211, 10), "presentInRoundOne");
        require(s.roundOne() == (_bits(raw, 200, 10) | _bits(raw, 211, 10) << 11), "roundOne");
        require(s.roundsRecorded() == _bits(raw, 232, 8), "roundsRecorded");
        require(s.winnerIndex() == _bits(raw, 240, 8), "winnerIndex");
        require(uint256(s.status()) == _bits(raw, 248, 8), "status");
    }

    function testFuzz_sessionState_setThenGetKeepsTheOtherFields(
        uint256 raw,
        uint160 quality,
        uint40 until,
        uint8 rounds,
        uint8 winner,
        uint8 rawStatus
    ) public pure {
        SessionState s = _state(raw);
        raw = SessionState.unwrap(s);
        ISessionsTypes.Status status = ISessionsTypes.Status(rawStatus % 4);

        SessionState t = s.setQuality(quality);
        require(t.quality() == quality, "quality: not read back");
        require(SessionState.unwrap(t) == _with(raw, 0, 160, quality), "quality: other bits changed");

        t = s.setDisputableUntil(until);
        require(t.disputableUntil() == until, "disputableUntil: not read back");
        require(SessionState.unwrap(t) == _with(raw, 160, 40, until), "disputableUntil: other bits changed");

        t = s.setRoundsRecorded(rounds);
        require(t.roundsRecorded() == rounds, "roundsRecorded: not read back");
        require(SessionState.unwrap(t) == _with(raw, 232, 8, rounds), "roundsRecorded: other bits changed");

        t = s.setWinnerIndex(winner);
        require(t.winnerIndex() == winner, "winnerIndex: not read back");
        require(SessionState.unwrap(t) == _with(raw, 240, 8, winner), "winnerIndex: other bits changed");

        t = s.setStatus(status);
        require(t.status() == status, "status: not read back");
        require(SessionState.unwrap(t) == _with(raw, 248, 8, uint8(status)), "status: other bits changed");
    }

    function testFuzz_sessionState_packIsTheSettersOnAnEmptyWord(
        uint160 quality,
        uint40 until,
        uint16 rawEndorsed,
        uint16 rawPresent,
        uint8 rounds,
        uint8 winner,
        uint8 rawStatus
    ) public pure {
        ISessionsTypes.Status status = ISessionsTypes.Status(rawStatus % 4);
        uint256 endorsed = rawEndorsed & 0x3ff;
        uint256 present = rawPresent & 0x3ff;
        SessionState set = SessionState.wrap(0).setQuality(quality).setDisputableUntil(until);
        set = set.setRoundsRecorded(rounds).setWinnerIndex(winner).setStatus(status);
        set = SessionState.wrap(SessionState.unwrap(set) | endorsed << 200 | present << 211);
        uint256 word = SessionStateLibrary.roundOneWord(endorsed, present);
        SessionState packed = SessionStateLibrary.pack(quality, until, word, rounds, winner, status);
        require(SessionState.unwrap(packed) == SessionState.unwrap(set), "pack differs from the setters");
        require(packed.endorsed() == endorsed, "endorsed: not read back");
        require(packed.presentInRoundOne() == present, "presentInRoundOne: not read back");
        require(packed.roundOne() == word, "roundOne: not read back");
        // A claimed failure (bit 210) is not part of what round 1 decided: a later round's pack drops it.
        require(packed.setFailureClaimed().roundOne() == word, "roundOne: carries the failure claim");
    }

    /// @dev A state word with a valid status byte (a random byte may name no status).
    function _state(uint256 raw) private pure returns (SessionState) {
        return SessionState.wrap(_with(raw, 248, 8, _bits(raw, 248, 8) % 4));
    }

    // ---------------------------------------------------------------- RoundTerms

    function testFuzz_roundTerms_gettersReadTheirBits(uint256 raw, uint8 rawAgent) public pure {
        RoundTerms t = RoundTerms.wrap(raw);
        require(t.deadline() == _bits(raw, 0, 40), "deadline");
        require(t.agentCount() == _bits(raw, 40, 8), "agentCount");
        require(t.minRounds() == _bits(raw, 48, 8), "minRounds");
        require(t.maxRounds() == _bits(raw, 56, 8), "maxRounds");
        require(t.voteCredits() == _bits(raw, 64, 16), "voteCredits");
        require(t.operatorGroups() == _bits(raw, 80, 40), "operatorGroups");
        require(t.fairVote() == _bits(raw, 120, 7), "fairVote");
        require(t.sharedOperators() == (_bits(raw, 127, 1) == 1), "sharedOperators");
        require(t.absenceGrace() == _bits(raw, 128, 16), "absenceGrace");
        require(t.weights() == _bits(raw, 144, 40), "weights");
        uint256 agent = rawAgent % 10;
        require(t.operatorGroup(agent) == _bits(raw, 80 + OPERATOR_GROUP_BITS * agent, 4), "operatorGroup");
        require(t.weight(agent) == 1 + _bits(raw, 144 + 4 * agent, 4), "weight");
    }

    function testFuzz_roundTerms_setThenGetKeepsTheOtherFields(
        uint256 raw,
        uint40 deadline,
        uint8 agentCount,
        uint8 minRounds,
        uint8 maxRounds,
        uint16 voteCredits,
        uint40 operatorGroups,
        uint8 fairVote,
        bool shared,
        uint16 grace,
        uint40 weights
    ) public pure {
        RoundTerms t = RoundTerms.wrap(raw);

        RoundTerms u = t.setDeadline(deadline);
        require(u.deadline() == deadline, "deadline: not read back");
        require(RoundTerms.unwrap(u) == _with(raw, 0, 40, deadline), "deadline: other bits changed");

        u = t.setAgentCount(agentCount);
        require(u.agentCount() == agentCount, "agentCount: not read back");
        require(RoundTerms.unwrap(u) == _with(raw, 40, 8, agentCount), "agentCount: other bits changed");

        u = t.setMinRounds(minRounds);
        require(u.minRounds() == minRounds, "minRounds: not read back");
        require(RoundTerms.unwrap(u) == _with(raw, 48, 8, minRounds), "minRounds: other bits changed");

        u = t.setMaxRounds(maxRounds);
        require(u.maxRounds() == maxRounds, "maxRounds: not read back");
        require(RoundTerms.unwrap(u) == _with(raw, 56, 8, maxRounds), "maxRounds: other bits changed");

        u = t.setVoteCredits(voteCredits);
        require(u.voteCredits() == voteCredits, "voteCredits: not read back");
        require(RoundTerms.unwrap(u) == _with(raw, 64, 16, voteCredits), "voteCredits: other bits changed");

        u = t.setOperatorGroups(operatorGroups);
        require(u.operatorGroups() == operatorGroups, "operatorGroups: not read back");
        require(RoundTerms.unwrap(u) == _with(raw, 80, 40, operatorGroups), "operatorGroups: other bits changed");

        u = t.setFairVote(fairVote);
        require(u.fairVote() == fairVote & 0x7f, "fairVote: not read back");
        require(RoundTerms.unwrap(u) == _with(raw, 120, 7, fairVote), "fairVote: other bits changed");

        u = t.setSharedOperators(shared);
        require(u.sharedOperators() == shared, "sharedOperators: not read back");
        require(RoundTerms.unwrap(u) == _with(raw, 127, 1, shared ? 1 : 0), "sharedOperators: other bits changed");

        u = t.setAbsenceGrace(grace);
        require(u.absenceGrace() == grace, "absenceGrace: not read back");
        require(RoundTerms.unwrap(u) == _with(raw, 128, 16, grace), "absenceGrace: other bits changed");

        u = t.setWeights(weights);
        require(u.weights() == weights, "weights: not read back");
        require(RoundTerms.unwrap(u) == _with(raw, 144, 40, weights), "weights: other bits changed");
    }

    function testFuzz_roundTerms_isLaidOutAsTheStructItReplaced(
        uint40 deadline,
        uint8 agentCount,
        uint8 minRounds,
        uint8 maxRounds,
        uint16 voteCredits,
        uint40 operatorGroups
    ) public {
        _legacyTerms = LegacyRoundTerms(deadline, agentCount, minRounds, maxRounds, voteCredits, operatorGroups);
        uint256 stored;
        assembly ("memory-safe") {
            stored := sload(_legacyTerms.slot)
        }
        RoundTerms t = RoundTerms.wrap(0).setDeadline(deadline).setAgentCount(agentCount).setMinRounds(minRounds);
        t = t.setMaxRounds(maxRounds).setVoteCredits(voteCredits).setOperatorGroups(operatorGroups);
        require(stored == RoundTerms.unwrap(t), "layout differs from the struct's");
    }

    // ---------------------------------------------------------------- RoundOutcome

    function testFuzz_roundOutcome_gettersReadTheirBits(uint256 raw, uint8 rawAgent) public pure {
        RoundOutcome o = RoundOutcome.wrap(raw);
        require(o.scores() == _bits(raw, 0, 160), "scores");
        require(o.present() == _bits(raw, 160, 10), "present");
        require(o.winner() == _bits(raw, 170, 4), "winner");
        uint256 agent = rawAgent % 10;
        require(uint16(o.score(agent)) == _bits(raw, SCORE_LANE_BITS * agent, 16), "score");
        require(o.level(agent) == _bits(raw, LEVELS_SHIFT + 8 * agent, 8), "level");
    }

    function testFuzz_roundOutcome_setThenGetKeepsTheOtherFields(uint256 raw, uint160 scores, uint16 present, uint8 winner)
        public
        pure
    {
        RoundOutcome o = RoundOutcome.wrap(raw);

        RoundOutcome u = o.setScores(scores);
        require(u.scores() == scores, "scores: not read back");
        require(RoundOutcome.unwrap(u) == _with(raw, 0, 160, scores), "scores: other bits changed");

        u = o.setPresent(present);
        require(u.present() == present & 0x3ff, "present: not read back");
        require(RoundOutcome.unwrap(u) == _with(raw, 160, 10, present), "present: other bits changed");

        u = o.setWinner(winner);
        require(u.winner() == winner & 0xf, "winner: not read back");
        require(RoundOutcome.unwrap(u) == _with(raw, 170, 4, winner), "winner: other bits changed");
    }

    function testFuzz_roundOutcome_packIsTheSettersOnAnEmptyWord(uint160 scores, uint16 present, uint8 winner, uint80 levels)
        public
        pure
    {
        present &= 0x3ff;
        winner &= 0xf;
        RoundOutcome set = RoundOutcome.wrap(0).setScores(scores).setPresent(present).setWinner(winner);
        set = RoundOutcome.wrap(RoundOutcome.unwrap(set) | (uint256(levels) << LEVELS_SHIFT));
        RoundOutcome packed = RoundOutcomeLibrary.pack(scores, present, winner, uint256(levels) << LEVELS_SHIFT);
        require(RoundOutcome.unwrap(packed) == RoundOutcome.unwrap(set), "pack differs from the setters");
    }

    /// @dev Lane i of the scores is agent i's score as an int16.
    function testFuzz_roundOutcome_scoreIsTheSignedLane(int16[10] memory scores, uint8 rawAgent) public pure {
        uint256 lanes;
        for (uint256 i = 0; i < 10; ++i) {
            lanes |= uint256(uint16(scores[i])) << (SCORE_LANE_BITS * i);
        }
        uint256 agent = rawAgent % 10;
        require(RoundOutcomeLibrary.pack(lanes, 0, 0, 0).score(agent) == scores[agent], "score");
    }

    // ---------------------------------------------------------------- RoundFailure

    function testFuzz_roundFailure_gettersReadTheirBits(uint256 raw) public pure {
        RoundFailure f = RoundFailure.wrap(raw);
        require(f.failed() == (raw != 0), "failed");
        require(f.code() == _bits(raw, 0, 8), "code");
        require(f.entry() == _bits(raw, 8, 8), "entry");
        require(f.spent() == _bits(raw, 16, 240), "spent");
    }

    function testFuzz_roundFailure_setThenGetKeepsTheOtherFields(uint256 raw, uint8 code, uint8 entry, uint256 spent)
        public
        pure
    {
        RoundFailure f = RoundFailure.wrap(raw);

        RoundFailure u = f.setCode(code);
        require(u.code() == code, "code: not read back");
        require(RoundFailure.unwrap(u) == _with(raw, 0, 8, code), "code: other bits changed");

        u = f.setEntry(entry);
        require(u.entry() == entry, "entry: not read back");
        require(RoundFailure.unwrap(u) == _with(raw, 8, 8, entry), "entry: other bits changed");

        u = f.setSpent(spent);
        require(u.spent() == spent & ((1 << 240) - 1), "spent: not read back");
        require(RoundFailure.unwrap(u) == _with(raw, 16, 240, spent), "spent: other bits changed");
    }

    /// @dev What the assembly of RoundMath and RoundRecovery builds is what the getters read.
    function testFuzz_roundFailure_producerShiftsMatchTheGetters(uint8 code, uint8 entry, uint32 spent) public pure {
        vm.assume(code != 0);
        RoundFailure f = RoundFailure.wrap(
            uint256(code) | (uint256(entry) << FAILURE_ENTRY_SHIFT) | (uint256(spent) << FAILURE_SPENT_SHIFT)
        );
        require(f.failed(), "failed");
        require(f.code() == code && f.entry() == entry && f.spent() == spent, "fields");
        RoundFailure set = RoundFailure.wrap(0).setCode(code).setEntry(entry).setSpent(spent);
        require(RoundFailure.unwrap(set) == RoundFailure.unwrap(f), "setters differ");
    }

    // ---------------------------------------------------------------- bits

    /// @dev Bits [shift, shift + width) of `word`.
    function _bits(uint256 word, uint256 shift, uint256 width) private pure returns (uint256) {
        return (word >> shift) & ((1 << width) - 1);
    }

    /// @dev `word` with bits [shift, shift + width) replaced by `value`'s low bits: what a setter must give.
    function _with(uint256 word, uint256 shift, uint256 width, uint256 value) private pure returns (uint256) {
        uint256 mask = ((1 << width) - 1) << shift;
        return (word & ~mask) | ((value << shift) & mask);
    }
}
