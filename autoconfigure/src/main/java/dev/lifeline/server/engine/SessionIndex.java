/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.lifeline.server.engine;

import dev.lifeline.server.GroupLimitExceededException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions of each user and the members of each group, kept as sessions open, join,
 * leave and finish.
 * <p>
 * A user's or group's set is created and removed inside {@link ConcurrentHashMap#compute}
 * for its name, so an emptied set disappears atomically and a member is never added to a
 * set that was just removed. A session's own groups are guarded by its holder: joins and
 * leaves of one session are serialized, so the group limit is exact however many threads
 * join at once, and a join that races the session's finish either happens before the
 * finish removes every membership or sees the session finished and does nothing.
 *
 * @author Lifeline contributors
 */
final class SessionIndex {

	private final ConcurrentHashMap<String, Set<SessionHolder>> users = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<String, Set<SessionHolder>> groups = new ConcurrentHashMap<>();

	private volatile int maxGroupsPerSession = 100;

	void setMaxGroupsPerSession(int maxGroupsPerSession) {
		if (maxGroupsPerSession < 1) {
			throw new IllegalArgumentException("maxGroupsPerSession must be at least 1");
		}
		this.maxGroupsPerSession = maxGroupsPerSession;
	}

	int getMaxGroupsPerSession() {
		return this.maxGroupsPerSession;
	}

	/**
	 * Index a session that opened, before it can finish.
	 */
	void opened(SessionHolder holder) {
		String user = holder.session().getPrincipalName();
		if (user != null) {
			add(this.users, user, holder);
		}
	}

	/**
	 * Remove a finished session from its user and from every group it was a member of.
	 * @return the groups it was a member of
	 */
	Set<String> finished(SessionHolder holder) {
		String user = holder.session().getPrincipalName();
		if (user != null) {
			remove(this.users, user, holder);
		}
		synchronized (holder) {
			Set<String> groups = holder.groups;
			if (groups == null) {
				return Set.of();
			}
			holder.groups = null;
			for (String group : groups) {
				remove(this.groups, group, holder);
			}
			return groups;
		}
	}

	/**
	 * Add a session to a group.
	 * @return {@code true} if it is newly a member, {@code false} if it already was or
	 * has finished
	 * @throws GroupLimitExceededException if the session is a member of as many groups as
	 * allowed
	 */
	boolean join(SessionHolder holder, String group) {
		synchronized (holder) {
			if (holder.isFinished()) {
				return false;
			}
			Set<String> groups = holder.groups;
			if (groups != null && groups.contains(group)) {
				return false;
			}
			int limit = this.maxGroupsPerSession;
			if (groups != null && groups.size() >= limit) {
				throw new GroupLimitExceededException(holder.id(), group, limit);
			}
			if (groups == null) {
				groups = new LinkedHashSet<>();
				holder.groups = groups;
			}
			groups.add(group);
			add(this.groups, group, holder);
			return true;
		}
	}

	/**
	 * Remove a session from a group.
	 * @return {@code true} if it was a member
	 */
	boolean leave(SessionHolder holder, String group) {
		synchronized (holder) {
			Set<String> groups = holder.groups;
			if (groups == null || !groups.remove(group)) {
				return false;
			}
			if (groups.isEmpty()) {
				holder.groups = null;
			}
			remove(this.groups, group, holder);
			return true;
		}
	}

	/**
	 * Return a snapshot of the groups of a session, in the order it joined them.
	 */
	Set<String> groupsOf(SessionHolder holder) {
		synchronized (holder) {
			Set<String> groups = holder.groups;
			return (groups != null) ? Collections.unmodifiableSet(new LinkedHashSet<>(groups)) : Set.of();
		}
	}

	Set<SessionHolder> user(String user) {
		return members(this.users, user);
	}

	Set<SessionHolder> group(String group) {
		return members(this.groups, group);
	}

	int userCount() {
		return this.users.size();
	}

	int groupCount() {
		return this.groups.size();
	}

	/**
	 * Return the ids of the sessions of each user.
	 */
	Map<String, List<String>> userSessionIds() {
		return sessionIds(this.users);
	}

	/**
	 * Return the ids of the members of each group.
	 */
	Map<String, List<String>> groupSessionIds() {
		return sessionIds(this.groups);
	}

	private static Map<String, List<String>> sessionIds(Map<String, Set<SessionHolder>> index) {
		Map<String, List<String>> ids = new LinkedHashMap<>();
		index.forEach((name, holders) -> {
			List<String> members = holders.stream().map(SessionHolder::id).toList();
			if (!members.isEmpty()) {
				ids.put(name, members);
			}
		});
		return ids;
	}

	private static Set<SessionHolder> members(Map<String, Set<SessionHolder>> index, String name) {
		Set<SessionHolder> members = index.get(name);
		return (members != null) ? members : Set.of();
	}

	private static void add(ConcurrentHashMap<String, Set<SessionHolder>> index, String name, SessionHolder holder) {
		index.compute(name, (key, members) -> {
			Set<SessionHolder> result = (members != null) ? members : ConcurrentHashMap.newKeySet();
			result.add(holder);
			return result;
		});
	}

	private static void remove(ConcurrentHashMap<String, Set<SessionHolder>> index, String name, SessionHolder holder) {
		index.computeIfPresent(name, (key, members) -> {
			members.remove(holder);
			return members.isEmpty() ? null : members;
		});
	}

	/**
	 * Whether nothing is indexed, for tests that look for leaks.
	 */
	boolean isEmpty() {
		return this.users.isEmpty() && this.groups.isEmpty();
	}

}
