// Drag-to-select on the week calendar: a progressive enhancement of the slot links.
// Press on a free slot and drag (with a mouse; on a touch screen, press a moment first) over
// the next free slots of the same day: the run is highlighted, and on release the booking
// form is asked for that start and length, then its submit button focused. The server still
// checks everything; a single click keeps its link, and the typed form stays for keyboards.
(() => {
  "use strict";
  const LONG_PRESS_MS = 350;
  const MOVE_SLOP_PX = 10;
  const FREE = "li.slot-free[data-start]";

  function focusForm() {
    const button = document.querySelector("#book button[type=submit]");
    if (button) button.focus();
  }

  function enhance(grid) {
    const pageUrl = grid.dataset.pageUrl;
    const maxSlots = parseInt(grid.dataset.maxSlots, 10) || Infinity;
    let anchor = null; // the free slot the selection started on
    let pointerId = null;
    let byTouch = false;
    let run = []; // the selected slots, in time order
    let pending = null; // touch: the long press not yet done
    let swallowClick = false;

    const slotAt = (x, y) => {
      const element = document.elementFromPoint(x, y);
      return element ? element.closest("li.slot") : null;
    };

    const paint = (next) => {
      run.forEach((li) => li.classList.remove("slot-selected"));
      run = next;
      run.forEach((li) => li.classList.add("slot-selected"));
    };

    // The consecutive free slots from the anchor towards `target`, in the anchor's day,
    // stopping at the first slot that is not free, at a gap, or at the longest booking.
    const runTo = (target) => {
      const slots = Array.from(anchor.parentElement.children);
      const from = slots.indexOf(anchor);
      const to = slots.indexOf(target);
      if (to < 0) return run.length ? run : [anchor];
      const step = to >= from ? 1 : -1;
      const picked = [anchor];
      for (let i = from + step; step > 0 ? i <= to : i >= to; i += step) {
        const li = slots[i];
        const previous = picked[picked.length - 1];
        const [early, late] = step > 0 ? [previous, li] : [li, previous];
        if (!li.matches(FREE) || picked.length >= maxSlots) break;
        if (Date.parse(early.dataset.end) !== Date.parse(late.dataset.start)) break;
        picked.push(li);
      }
      return step > 0 ? picked : picked.reverse();
    };

    const begin = (li, id, touch) => {
      anchor = li;
      pointerId = id;
      byTouch = touch;
      grid.classList.add("week-selecting");
      paint([li]);
    };

    const stop = () => {
      anchor = null;
      pointerId = null;
      grid.classList.remove("week-selecting");
    };

    const cancelPending = () => {
      if (pending) clearTimeout(pending.timer);
      pending = null;
    };

    const choose = (picked) => {
      const first = picked[0];
      const last = picked[picked.length - 1];
      const minutes = Math.round((Date.parse(last.dataset.end) - Date.parse(first.dataset.start)) / 60000);
      const url = `${pageUrl}&start=${encodeURIComponent(first.dataset.start)}&duration=${minutes}`;
      if (window.htmx) {
        window.htmx.ajax("GET", url, { target: "#book", select: "#book", swap: "outerHTML" }).then(focusForm);
      } else {
        window.location.assign(`${url}#book`);
      }
    };

    grid.addEventListener("pointerdown", (event) => {
      const li = event.target.closest(FREE);
      if (!li || !event.isPrimary || event.button > 0) return;
      if (event.pointerType === "touch") {
        // A swipe scrolls as usual; a press held still starts selecting.
        cancelPending();
        const { pointerId: id, clientX: x, clientY: y } = event;
        pending = { id, x, y, timer: setTimeout(() => { pending = null; begin(li, id, true); }, LONG_PRESS_MS) };
        return;
      }
      event.preventDefault(); // no text selection, no dragging of the link
      begin(li, event.pointerId, false);
    });

    document.addEventListener("pointermove", (event) => {
      if (pending && event.pointerId === pending.id
          && Math.hypot(event.clientX - pending.x, event.clientY - pending.y) > MOVE_SLOP_PX) {
        cancelPending();
      }
      if (!anchor || event.pointerId !== pointerId) return;
      const li = slotAt(event.clientX, event.clientY);
      if (li && li.parentElement === anchor.parentElement) paint(runTo(li));
    });

    document.addEventListener("pointerup", (event) => {
      if (pending && event.pointerId === pending.id) cancelPending(); // a tap: the link does it
      if (!anchor || event.pointerId !== pointerId) return;
      const picked = run;
      const touch = byTouch;
      stop();
      if (picked.length > 1 || touch) {
        // A run (or a long press): ask for the form here; the click that may follow is not a
        // choice of its own.
        swallowClick = true;
        setTimeout(() => { swallowClick = false; }, 400);
        choose(picked);
      }
      // One slot with a mouse: the click that follows follows the slot's link.
    });

    document.addEventListener("pointercancel", (event) => {
      if (pending && event.pointerId === pending.id) cancelPending();
      if (anchor && event.pointerId === pointerId) { stop(); paint([]); }
    });

    grid.addEventListener("click", (event) => {
      if (swallowClick) {
        event.preventDefault();
        event.stopPropagation();
        swallowClick = false;
        return;
      }
      const li = event.target.closest(FREE);
      if (li) paint([li]);
    }, true);

    // While selecting on a touch screen the finger selects instead of scrolling the page,
    // and a long press opens no link menu.
    grid.addEventListener("touchmove", (event) => { if (anchor) event.preventDefault(); }, { passive: false });
    grid.addEventListener("contextmenu", (event) => { if (anchor || pending) event.preventDefault(); });
    grid.addEventListener("dragstart", (event) => event.preventDefault());
    // A chosen slot's form arrives by htmx: put the keyboard on its submit button.
    grid.addEventListener("htmx:afterRequest", (event) => { if (event.detail.successful) focusForm(); });
  }

  // On a phone the week shows one day a screen: start on today's.
  function showToday(grid) {
    const scroller = grid.parentElement;
    const today = grid.querySelector(".week-today");
    if (today && scroller.scrollWidth > scroller.clientWidth) scroller.scrollLeft = today.offsetLeft;
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-week-grid]").forEach((grid) => {
      enhance(grid);
      showToday(grid);
    });
  });
})();
