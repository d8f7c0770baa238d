package io.n6k.autoconfigure;

import java.beans.PropertyDescriptor;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.core.ResolvableType;

/**
 * The keys {@link N6kProperties} knows, read from the class itself (so new properties
 * need no list), and the closest known key to one it does not know.
 *
 * @author n6k
 */
final class N6kPropertyNames {

	private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("n6k");

	private static final Node TREE = node(ResolvableType.forClass(N6kProperties.class));

	private N6kPropertyNames() {
	}

	/**
	 * Return whether a name under {@code n6k} names a property (or lies inside a map or
	 * list value).
	 * @param name the name
	 * @return whether it is known
	 */
	static boolean isKnown(ConfigurationPropertyName name) {
		return unknownElement(name) < 0;
	}

	/**
	 * Explain an unknown name: the closest known key, or the keys that exist where it
	 * went wrong.
	 * @param name an unknown name under {@code n6k}
	 * @return what the user meant, or what exists there
	 */
	static Suggestion suggest(ConfigurationPropertyName name) {
		int index = unknownElement(name);
		Bean parent = (index > 0) ? beanAt(name, index) : null;
		if (parent == null) {
			return new Suggestion(null, List.of());
		}
		String typed = name.getElement(index, Form.UNIFORM);
		String best = parent.children.keySet()
			.stream()
			.min(Comparator.comparingInt((String candidate) -> distance(typed, candidate)))
			.orElse(null);
		List<String> known = parent.children.values().stream().map(Child::dashed).toList();
		if (best == null || distance(typed, best) > Math.max(1, typed.length() / 3)) {
			return new Suggestion(null, known);
		}
		ConfigurationPropertyName suggested = name.chop(index)
			.append(Objects.requireNonNull(parent.children.get(best), "the best match is a child").dashed());
		if (index + 1 < name.getNumberOfElements()) {
			suggested = suggested.append(name.subName(index + 1));
		}
		return new Suggestion(suggested.toString(), known);
	}

	/**
	 * Return the index of the first element of a name that names nothing, or -1.
	 */
	private static int unknownElement(ConfigurationPropertyName name) {
		if (!ROOT.equals(name.chop(1))) {
			return 0;
		}
		Node node = TREE;
		for (int i = 1; i < name.getNumberOfElements(); i++) {
			if (node instanceof Bean bean) {
				Child child = bean.children.get(name.getElement(i, Form.UNIFORM));
				if (child == null) {
					return i;
				}
				node = child.node();
			}
			else if (node instanceof MapOfBeans map) {
				node = map.value();
			}
			else {
				return -1;
			}
		}
		return -1;
	}

	private static @Nullable Bean beanAt(ConfigurationPropertyName name, int index) {
		Node node = TREE;
		for (int i = 1; i < index; i++) {
			node = (node instanceof Bean bean)
					? Objects.requireNonNull(bean.children.get(name.getElement(i, Form.UNIFORM)), "a known element")
						.node()
					: ((MapOfBeans) node).value();
		}
		return (node instanceof Bean bean) ? bean : null;
	}

	private static Node node(ResolvableType type) {
		Class<?> resolved = type.resolve(Object.class);
		if (Map.class.isAssignableFrom(resolved)) {
			ResolvableType value = type.asMap().getGeneric(1);
			return isBean(value.resolve(Object.class)) ? new MapOfBeans(node(value)) : Open.INSTANCE;
		}
		if (!isBean(resolved)) {
			return Open.INSTANCE;
		}
		Map<String, Child> children = new LinkedHashMap<>();
		for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(resolved)) {
			if (descriptor.getReadMethod() == null || descriptor.getName().equals("class")) {
				continue;
			}
			String dashed = DataObjectPropertyName.toDashedForm(descriptor.getName());
			children.put(uniform(dashed),
					new Child(dashed, node(ResolvableType.forMethodReturnType(descriptor.getReadMethod()))));
		}
		return new Bean(children);
	}

	private static boolean isBean(Class<?> type) {
		return (type == N6kProperties.class || type.getEnclosingClass() == N6kProperties.class) && !type.isEnum();
	}

	private static String uniform(String dashed) {
		return dashed.replace("-", "").toLowerCase(Locale.ROOT);
	}

	static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

	/**
	 * What an unknown key probably meant.
	 *
	 * @param closest the closest known key, or {@code null} when none is close
	 * @param known the keys that exist where the unknown one went wrong
	 */
	record Suggestion(@Nullable String closest, List<String> known) {
	}

	private sealed interface Node permits Bean, MapOfBeans, Open {

	}

	private record Bean(Map<String, Child> children) implements Node {
	}

	private record MapOfBeans(Node value) implements Node {
	}

	/**
	 * A value, list or map of values: whatever lies beneath is its content.
	 */
	private enum Open implements Node {

		INSTANCE

	}

	private record Child(String dashed, Node node) {
	}

}
