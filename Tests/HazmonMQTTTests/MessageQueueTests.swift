import Foundation
import HazmonMQTT
import Testing

@Suite("MessageQueue")
struct MessageQueueTests {
    private func message(_ index: Int) -> MQTTMessage {
        MQTTMessage(
            topic: "hz/E1/T\(index)", payload: Array("\(index)".utf8), qos: .atLeastOnce, retain: false, receivedAt: 0)
    }

    private func indices(_ messages: [MQTTMessage]) -> [Int] {
        messages.map { Int(String(decoding: $0.payload, as: UTF8.self))! }
    }

    @Test("messages come out in order, in batches of at most max")
    func orderAndBatches() {
        let queue = MessageQueue(capacity: 100)
        for index in 0..<10 { #expect(queue.push(message(index))) }
        #expect(queue.depth == 10)
        #expect(indices(queue.popBatch(max: 4, timeout: .zero) ?? []) == [0, 1, 2, 3])
        #expect(indices(queue.popBatch(max: 4, timeout: .zero) ?? []) == [4, 5, 6, 7])
        #expect(indices(queue.popBatch(max: 4, timeout: .zero) ?? []) == [8, 9])
        #expect(queue.snapshot.popped == 10)
        #expect(queue.snapshot.highWater == 10)
    }

    @Test("an empty queue returns an empty batch after the timeout, not nil")
    func timeoutIsNotEnd() {
        let queue = MessageQueue(capacity: 4)
        #expect(queue.popBatch(max: 10, timeout: .milliseconds(20)) == [])
        var buffer: [MQTTMessage] = []
        #expect(queue.popBatch(into: &buffer, max: 10, timeout: .zero))
        #expect(buffer.isEmpty)
    }

    @Test("after close, queued messages are still delivered, then nil; pushes are refused")
    func closeDrains() {
        let queue = MessageQueue(capacity: 8)
        queue.push(message(1))
        queue.push(message(2))
        queue.close()
        #expect(queue.isClosed)
        #expect(!queue.push(message(3)))
        #expect(indices(queue.popBatch(max: 10, timeout: patience) ?? []) == [1, 2])
        #expect(queue.popBatch(max: 10, timeout: patience) == nil)
        var buffer: [MQTTMessage] = []
        #expect(!queue.popBatch(into: &buffer, max: 1, timeout: .zero))
        #expect(queue.snapshot.refusedAfterClose == 1)
    }

    @Test("the ring grows past its first allocation and wraps around without reordering")
    func growthAndWrap() {
        let queue = MessageQueue(capacity: 5000)
        var expected = 0
        var next = 0
        // Interleave so head wraps around the ring several times before and after growing.
        for round in 0..<6 {
            for _ in 0..<(700 * (round % 3 + 1)) {
                queue.push(message(next))
                next += 1
            }
            for index in indices(queue.popBatch(max: 500 * (round % 2 + 1), timeout: .zero) ?? []) {
                #expect(index == expected)
                expected += 1
            }
        }
        while let batch = queue.popBatch(max: 1000, timeout: .zero), !batch.isEmpty {
            for index in indices(batch) {
                #expect(index == expected)
                expected += 1
            }
        }
        #expect(expected == next)
        #expect(queue.snapshot.highWater > 1024)
    }

    @Test("a full queue blocks the producer until the consumer makes room; nothing is lost")
    func backPressure() {
        let queue = MessageQueue(capacity: 2)
        let producer = TestThread {
            for index in 0..<200 {
                queue.push(
                    MQTTMessage(
                        topic: "t", payload: Array("\(index)".utf8), qos: .atLeastOnce, retain: false, receivedAt: 0))
            }
        }
        var received: [MQTTMessage] = []
        while received.count < 200 {
            guard queue.popBatch(into: &received, max: 3, timeout: patience) else { break }
            usleep(100)
        }
        producer.join()
        #expect(indices(received) == Array(0..<200))
        #expect(queue.snapshot.fullWaits > 0)
        #expect(queue.snapshot.highWater <= 2)
    }

    @Test("close wakes a producer blocked on a full queue; its message is refused")
    func closeWakesProducer() {
        let queue = MessageQueue(capacity: 1)
        queue.push(message(0))
        let result = Box(true)
        let producer = TestThread {
            result.value = queue.push(
                MQTTMessage.init(topic: "t", payload: [1], qos: .atMostOnce, retain: false, receivedAt: 0))
        }
        #expect(eventually { queue.snapshot.fullWaits == 1 })
        queue.close()
        producer.join()
        #expect(result.value == false)
        #expect(indices(queue.popBatch(max: 5, timeout: .zero) ?? []) == [0])
    }

    @Test("close wakes a consumer waiting on an empty queue")
    func closeWakesConsumer() {
        let queue = MessageQueue(capacity: 1)
        let result = Box<[MQTTMessage]?>([])
        let consumer = TestThread { result.value = queue.popBatch(max: 5, timeout: .seconds(60)) }
        usleep(20_000)
        queue.close()
        consumer.join()
        #expect(result.value == nil)
    }

    @Test("wake makes a waiting consumer return an empty batch at once; the wake is used up")
    func wakeReturnsEarly() {
        let queue = MessageQueue(capacity: 4)
        let result = Box<[MQTTMessage]?>(nil)
        let consumer = TestThread { result.value = queue.popBatch(max: 5, timeout: .seconds(60)) }
        usleep(20_000)
        queue.wake()
        consumer.join()
        #expect(result.value?.isEmpty == true)
        // A wake before the wait also counts, once: the second wait times out normally.
        queue.wake()
        #expect(queue.popBatch(max: 5, timeout: .seconds(60))?.isEmpty == true)
        #expect(queue.popBatch(max: 5, timeout: .milliseconds(10))?.isEmpty == true)
        #expect(queue.isClosed == false)
    }
}

/// A mutable cell written by one thread and read after `join()`.
final class Box<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}
