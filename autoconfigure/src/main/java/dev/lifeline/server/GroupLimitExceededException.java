package dev.lifeline.server;

/**
 * Thrown when a session would join more groups than
 * {@code lifeline.max-groups-per-session} allows, which bounds what one client can make
 * the server hold.
 *
 * @author Lifeline contributors
 */
public class GroupLimitExceededException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final String sessionId;

	private final String group;

	private final int limit;

	/**
	 * Create a new exception.
	 * @param sessionId the id of the session
	 * @param group the group it tried to join
	 * @param limit the most groups a session may be a member of
	 */
	public GroupLimitExceededException(String sessionId, String group, int limit) {
		super("WebSocket session " + sessionId + " cannot join group '" + group + "': it is already a member of "
				+ limit + " groups (lifeline.max-groups-per-session)");
		this.sessionId = sessionId;
		this.group = group;
		this.limit = limit;
	}

	/**
	 * Return the id of the session.
	 * @return the session id
	 */
	public String getSessionId() {
		return this.sessionId;
	}

	/**
	 * Return the group the session tried to join.
	 * @return the group
	 */
	public String getGroup() {
		return this.group;
	}

	/**
	 * Return the most groups a session may be a member of.
	 * @return the limit
	 */
	public int getLimit() {
		return this.limit;
	}

}
