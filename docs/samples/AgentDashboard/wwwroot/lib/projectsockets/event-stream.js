/** An unbounded queue read by one async iterator; ends normally or with an error. */
export class EventStream {
    constructor(onReturn) {
        this.onReturn = onReturn;
        this.items = [];
        this.waiting = [];
        this.ended = false;
    }
    push(item) {
        if (this.ended)
            return;
        const reader = this.waiting.shift();
        if (reader)
            reader.resolve({ value: item, done: false });
        else
            this.items.push(item);
    }
    end(error) {
        if (this.ended)
            return;
        this.ended = true;
        this.error = error;
        for (const reader of this.waiting.splice(0)) {
            if (error === undefined)
                reader.resolve({ value: undefined, done: true });
            else
                reader.reject(error);
        }
    }
    next() {
        if (this.items.length > 0)
            return Promise.resolve({ value: this.items.shift(), done: false });
        if (this.ended) {
            return this.error === undefined ? Promise.resolve({ value: undefined, done: true }) : Promise.reject(this.error);
        }
        return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
    }
    return() {
        this.items.length = 0;
        this.end();
        this.onReturn(this);
        return Promise.resolve({ value: undefined, done: true });
    }
    [Symbol.asyncIterator]() {
        return this;
    }
}
