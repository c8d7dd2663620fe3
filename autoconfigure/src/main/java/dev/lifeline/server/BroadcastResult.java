package dev.lifeline.server;

/**
 * What became of a broadcast on this instance, one count per session.
 *
 * @param queued the sessions that queued the message (or already wrote it)
 * @param dropped the sessions whose full queue dropped the message (the {@code drop}
 * overflow strategy)
 * @param failed the sessions that could not take it: closing, closed, or cut off as slow
 * consumers by this message
 * @author Lifeline contributors
 */
public record BroadcastResult(int queued, int dropped, int failed) {

	/**
	 * Return the number of sessions the message was offered to.
	 * @return the total
	 */
	public int total() {
		return this.queued + this.dropped + this.failed;
	}

}
