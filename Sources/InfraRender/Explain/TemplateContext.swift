/// The explanation's model as dictionaries, arrays and plain values: what
/// swift-mustache reads with a hash lookup a name, instead of reflecting on every
/// struct at every name (which made large explanations quadratic). Nil values are
/// left out, so `{{#name}}` sees them as missing.
enum TemplateContext {
    static func make<T: Encodable>(_ value: T) -> Any {
        let encoder = ContextEncoder()
        do {
            try value.encode(to: encoder)
        } catch {
            return [String: Any]()
        }
        return encoder.storage.resolved ?? [String: Any]()
    }
}

/// A box the encoders write into, so that nested containers reach their parent.
private final class Slot {
    var value: Any?

    init(_ value: Any? = nil) { self.value = value }
}

private final class ContextEncoder: Encoder {
    let storage: Slot
    var codingPath: [CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]

    init(storage: Slot = Slot()) { self.storage = storage }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let dictionary = DictionarySlot()
        storage.value = dictionary
        return KeyedEncodingContainer(KeyedContainer<Key>(dictionary: dictionary))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
        let array = ArraySlot()
        storage.value = array
        return UnkeyedContainer(array: array)
    }

    func singleValueContainer() -> SingleValueEncodingContainer {
        SingleContainer(slot: storage)
    }
}

/// Containers are classes while being filled, plain values once resolved.
private final class DictionarySlot {
    var values: [String: Slot] = [:]
}

private final class ArraySlot {
    var values: [Slot] = []
}

/// Turns the filled slots into dictionaries and arrays.
private func resolve(_ value: Any?) -> Any? {
    switch value {
    case let dictionary as DictionarySlot:
        var out: [String: Any] = [:]
        for (key, slot) in dictionary.values {
            if let resolved = resolve(slot.value) { out[key] = resolved }
        }
        return out
    case let array as ArraySlot:
        return array.values.compactMap { resolve($0.value) }
    default:
        return value
    }
}

extension Slot {
    var resolved: Any? { resolve(value) }
}

private func encodeValue<T: Encodable>(_ value: T, into slot: Slot) throws {
    switch value {
    case let string as String: slot.value = string
    case let bool as Bool: slot.value = bool
    case let int as Int: slot.value = int
    case let double as Double: slot.value = double
    default:
        let encoder = ContextEncoder(storage: slot)
        try value.encode(to: encoder)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let dictionary: DictionarySlot
    var codingPath: [CodingKey] = []

    mutating func encodeNil(forKey key: Key) throws {}

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        let slot = Slot()
        try encodeValue(value, into: slot)
        dictionary.values[key.stringValue] = slot
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = DictionarySlot()
        dictionary.values[key.stringValue] = Slot(nested)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(dictionary: nested))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
        let nested = ArraySlot()
        dictionary.values[key.stringValue] = Slot(nested)
        return UnkeyedContainer(array: nested)
    }

    mutating func superEncoder() -> Encoder { ContextEncoder() }
    mutating func superEncoder(forKey key: Key) -> Encoder { ContextEncoder() }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let array: ArraySlot
    var codingPath: [CodingKey] = []
    var count: Int { array.values.count }

    mutating func encodeNil() throws {}

    mutating func encode<T: Encodable>(_ value: T) throws {
        let slot = Slot()
        try encodeValue(value, into: slot)
        array.values.append(slot)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = DictionarySlot()
        array.values.append(Slot(nested))
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(dictionary: nested))
    }

    mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
        let nested = ArraySlot()
        array.values.append(Slot(nested))
        return UnkeyedContainer(array: nested)
    }

    mutating func superEncoder() -> Encoder { ContextEncoder() }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let slot: Slot
    var codingPath: [CodingKey] = []

    mutating func encodeNil() throws { slot.value = nil }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try encodeValue(value, into: slot)
    }
}
