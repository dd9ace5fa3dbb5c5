#!/usr/bin/env python3
"""Drives the hazmon console in headless Chromium (Selenium): log in, see an alarm, acknowledge it.

Usage: console_browser.py BASE_URL TOKEN [--alarm-id ID] [--out DIR]

Works against any hazmon console (the Swift test's fake backend, or a real `hazmon run` with the
simulator): with no --alarm-id it acknowledges the first unacknowledged alarm on the page. The token
must have the operator or admin role. Screenshots go to DIR (default test-artifacts/console), one of
them at exactly 1366x768. Prints one line per step; exits non-zero with the reason on failure.
"""
import argparse
import json
import os
import sys
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

WAIT = 20  # seconds: a bound so a broken page fails instead of hanging, not a timing assertion


def css_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def api_alarm(base, token, alarm_id):
    request = urllib.request.Request(base + "/api/v1/alarms", headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(request, timeout=WAIT) as response:
        alarms = json.load(response)["alarms"]
    return next((a for a in alarms if a["id"] == alarm_id), None)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base_url")
    parser.add_argument("token")
    parser.add_argument("--alarm-id", help="alarm to acknowledge (default: the first unacknowledged one)")
    parser.add_argument("--out", default="test-artifacts/console", help="folder for screenshots")
    args = parser.parse_args()
    base = args.base_url.rstrip("/")
    os.makedirs(args.out, exist_ok=True)

    options = Options()
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--window-size=1366,768", "--lang=zh-CN"):
        options.add_argument(flag)
    chromium = next((p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if os.path.exists(p)), None)
    if chromium:
        options.binary_location = chromium
    driver_path = next((p for p in ("/usr/bin/chromedriver",) if os.path.exists(p)), None)
    driver = webdriver.Chrome(options=options, service=Service(driver_path) if driver_path else None)
    # The page re-renders its tables on every live update, so an element found a moment ago may be gone:
    # waits retry on stale elements, reads go through JavaScript in one step, clicks look the element up anew.
    wait = WebDriverWait(driver, WAIT, ignored_exceptions=[StaleElementReferenceException])

    def row_info(selector):
        return driver.execute_script(
            "const r = document.querySelector(arguments[0]);"
            "return r ? {id: r.dataset.id, state: r.dataset.state, classes: r.className} : null", selector)

    def click(selector):
        for _ in range(5):
            try:
                driver.find_element(By.CSS_SELECTOR, selector).click()
                return
            except StaleElementReferenceException:
                continue
        raise SystemExit("could not click %s: the page kept replacing it" % selector)

    shot = lambda name: (driver.save_screenshot(os.path.join(args.out, name)), print("screenshot", name))
    try:
        # The viewport itself is 1366x768 (a window of that size loses some height to browser UI).
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": 1366, "height": 768, "deviceScaleFactor": 1, "mobile": False})
        driver.get(base + "/")
        wait.until(lambda d: d.find_element(By.ID, "token-input").is_displayed())
        shot("01-login.png")
        driver.find_element(By.ID, "token-input").send_keys(args.token)
        driver.find_element(By.ID, "token-submit").click()
        print("step: logged in")

        if args.alarm_id:
            selector = "tr.alarm-row[data-id=%s]" % css_string(args.alarm_id)
        else:
            selector = "tr.alarm-row.unacked"
        info = wait.until(lambda d: row_info(selector))
        alarm_id = info["id"]
        selector = "tr.alarm-row[data-id=%s]" % css_string(alarm_id)
        print("step: alarm on the page:", alarm_id, "state", info["state"])
        if "unacked" not in info["classes"].split():
            raise SystemExit("alarm %s is not marked unacknowledged on the page" % alarm_id)
        wait.until(lambda d: d.find_element(By.ID, "conn").get_attribute("class") == "conn on")
        print("step: live stream connected")
        # Freeze the blinking so the screenshot shows the badges, not a random phase of the animation.
        driver.execute_script("document.getAnimations().forEach(a => a.pause())")
        shot("02-console-1366x768.png")
        driver.execute_script("document.getAnimations().forEach(a => a.play())")

        click(selector + " .ack-btn")
        wait.until(lambda d: (row_info(selector) or {"state": "normal"})["state"] in ("ack", "normal"))
        info = row_info(selector)
        print("step: acknowledged on the page:", info["state"] if info else "gone (back to normal)")
        if info and "unacked" in info["classes"].split():
            raise SystemExit("the row is still marked unacknowledged after ack")
        backend = api_alarm(base, args.token, alarm_id)
        backend_state = backend["state"] if backend else "normal"
        print("step: backend state via API:", backend_state)
        if backend_state not in ("ack", "normal"):
            raise SystemExit("the API still reports %s as %s" % (alarm_id, backend_state))
        shot("03-acknowledged.png")

        link = selector + " a.tag-link" if driver.find_elements(By.CSS_SELECTOR, selector + " a.tag-link") else "a.tag-link"
        if driver.find_elements(By.CSS_SELECTOR, link):
            click(link)
            wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#tag-chart svg polyline.trend-line, #tag-chart svg text"))
            driver.execute_script("document.getElementById('tag-panel').scrollIntoView()")
            print("step: trend shown, limit lines:", len(driver.find_elements(By.CSS_SELECTOR, "#tag-chart .limit-line")))
            shot("04-trend.png")

        driver.find_element(By.ID, "lang-switch").click()
        wait.until(lambda d: d.find_element(By.ID, "lang-switch").text == "中文")
        stored = driver.execute_script("return localStorage.getItem('hazmon.lang')")
        print("step: switched to English, remembered as", stored)
        if stored != "en":
            raise SystemExit("language choice not kept in localStorage")
        driver.execute_script("window.scrollTo(0, 0)")
        shot("05-english.png")
        print("ok: console acknowledged", alarm_id)
    finally:
        logs = []
        try:
            logs = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
        except Exception:
            pass
        for entry in logs:
            print("browser console:", entry.get("message"))
        driver.quit()


if __name__ == "__main__":
    main()
